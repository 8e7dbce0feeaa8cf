/**
 * Russian labels: the default language of the UI. This object defines the shape of every
 * dictionary ({@link Dict}), so a label added here and missing in `en.ts` is a type error.
 * Values are plain strings (placeholders as `{name}`) because islands receive them as JSON.
 *
 * @module
 */
import { callsRu } from "../routes/calls_labels.ts";
import { crmRu } from "../routes/crm_labels.ts";
import { returnsRu, wwRu } from "../routes/returns_labels.ts";

/** Every Russian label. */
export const ru = {
  app: {
    name: "fieldhub",
    skipToContent: "Перейти к содержимому",
    signedInAs: "Вы вошли как {name}",
    logout: "Выйти",
    language: "Язык",
    comingSoon: "Скоро",
    notFound: "Страница не найдена",
    forbidden: "Недостаточно прав для этой страницы",
  },
  nav: {
    home: "Главная",
    returns: "Возвраты",
    ww: "Доставки (Walking Warehouse)",
    calls: "Звонки",
    masters: "Мастера",
    crm: "CRM",
    crmObjects: "Объекты",
    crmVisits: "Визиты",
    crmCustomers: "Клиенты",
    crmReports: "Отчёты",
    crmAudit: "Аудит",
    consultations: "Консультации",
    rooms: "Комнаты",
    jobs: "Задачи",
    admin: "Администрирование",
  },
  login: {
    title: "Вход",
    login: "Логин или e-mail",
    password: "Пароль",
    submit: "Войти",
    failed: "Неверный логин или пароль",
    tooMany: "Слишком много попыток входа. Подождите минуту и попробуйте снова",
    crossSite: "Запрос отклонён: форма отправлена с другого сайта",
    missing: "Введите логин и пароль",
  },
  home: {
    title: "Главная",
    welcome: "Добро пожаловать, {name}",
    sections: "Разделы, доступные вам:",
  },
  soon: {
    title: "Раздел в разработке",
    body: "Раздел «{section}» появится в одной из следующих версий.",
    back: "На главную",
  },
  jobs: {
    title: "Задачи",
    intro: "Фоновые задачи: экспорт, транскрибация, доставка сообщений. Страница обновляется сама.",
    filterType: "Тип",
    filterStatus: "Статус",
    any: "Все",
    apply: "Показать",
    colType: "Тип",
    colStatus: "Статус",
    colAttempts: "Попытки",
    colProgress: "Прогресс",
    colError: "Последняя ошибка",
    colTimes: "Время",
    colActions: "Действия",
    created: "Создана: {at}",
    started: "Начата: {at}",
    finished: "Завершена: {at}",
    attempts: "{n} из {max}",
    empty: "Задач нет",
    replay: "Повторить",
    replaying: "Повторяю…",
    replayed: "Задача снова в очереди",
    replayFailed: "Не удалось повторить: {error}",
    loadFailed: "Не удалось обновить список: {error}",
    live: "Обновляется каждую секунду",
    paused: "Обновление приостановлено",
    total: "Всего: {n}",
    prev: "Назад",
    next: "Вперёд",
    page: "Страница {page}",
    statusQueued: "В очереди",
    statusRunning: "Выполняется",
    statusDone: "Готово",
    statusFailed: "Ошибка, будет повтор",
    statusDead: "Остановлена",
  },
  returns: returnsRu,
  ww: wwRu,
  crm: crmRu,
  calls: callsRu,
};

/** The shape every dictionary has: the Russian one, with each label a string. */
export type Dict = typeof ru;
