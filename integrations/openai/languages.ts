/**
 * Whisper's languages: requests name them by ISO-639-1 code (`ru`), while `verbose_json`
 * answers with Whisper's lower-case English name (`russian`). This is Whisper's own table, so
 * the simulator answers like the API and the client can map the answer back to a code.
 *
 * @module
 */

// From openai/whisper tokenizer.py LANGUAGES, in its order.
const TABLE = "en:english zh:chinese de:german es:spanish ru:russian ko:korean fr:french " +
  "ja:japanese pt:portuguese tr:turkish pl:polish ca:catalan nl:dutch ar:arabic sv:swedish " +
  "it:italian id:indonesian hi:hindi fi:finnish vi:vietnamese he:hebrew uk:ukrainian el:greek " +
  "ms:malay cs:czech ro:romanian da:danish hu:hungarian ta:tamil no:norwegian th:thai ur:urdu " +
  "hr:croatian bg:bulgarian lt:lithuanian la:latin mi:maori ml:malayalam cy:welsh sk:slovak " +
  "te:telugu fa:persian lv:latvian bn:bengali sr:serbian az:azerbaijani sl:slovenian " +
  "kn:kannada et:estonian mk:macedonian br:breton eu:basque is:icelandic hy:armenian " +
  "ne:nepali mn:mongolian bs:bosnian kk:kazakh sq:albanian sw:swahili gl:galician mr:marathi " +
  "pa:punjabi si:sinhala km:khmer sn:shona yo:yoruba so:somali af:afrikaans oc:occitan " +
  "ka:georgian be:belarusian tg:tajik sd:sindhi gu:gujarati am:amharic yi:yiddish lo:lao " +
  "uz:uzbek fo:faroese ht:haitian_creole ps:pashto tk:turkmen nn:nynorsk mt:maltese " +
  "sa:sanskrit lb:luxembourgish my:myanmar bo:tibetan tl:tagalog mg:malagasy as:assamese " +
  "tt:tatar haw:hawaiian ln:lingala ha:hausa ba:bashkir jw:javanese su:sundanese yue:cantonese";

const BY_CODE = new Map(
  TABLE.split(" ").map((pair) => {
    const [code, name] = pair.split(":");
    return [code, name.replace("_", " ")] as const;
  }),
);
const BY_NAME = new Map([...BY_CODE].map(([code, name]) => [name, code]));

/** Whisper's name of an ISO-639-1 code (`ru` → `russian`); undefined when Whisper lacks it. */
export function languageName(code: string): string | undefined {
  return BY_CODE.get(code.trim().toLowerCase());
}

/** The ISO-639-1 code of a Whisper language name (`russian` → `ru`); a code passes through. */
export function languageCode(nameOrCode: string): string | undefined {
  const key = nameOrCode.trim().toLowerCase();
  return BY_NAME.get(key) ?? (BY_CODE.has(key) ? key : undefined);
}
