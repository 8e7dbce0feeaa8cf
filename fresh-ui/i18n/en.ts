/**
 * English labels. Typed as {@link Dict}, so a key missing here (or one not in `ru.ts`) fails
 * the type check.
 *
 * @module
 */
import { callsEn } from "../routes/calls_labels.ts";
import { crmEn } from "../routes/crm_labels.ts";
import { returnsEn, wwEn } from "../routes/returns_labels.ts";
import type { Dict } from "./ru.ts";

/** Every English label. */
export const en: Dict = {
  app: {
    name: "fieldhub",
    skipToContent: "Skip to content",
    signedInAs: "Signed in as {name}",
    logout: "Log out",
    language: "Language",
    comingSoon: "Coming soon",
    notFound: "Page not found",
    forbidden: "You do not have access to this page",
  },
  nav: {
    home: "Home",
    returns: "Returns",
    ww: "Deliveries (Walking Warehouse)",
    calls: "Calls",
    masters: "Masters",
    crm: "CRM",
    crmObjects: "Objects",
    crmVisits: "Visits",
    crmCustomers: "Customers",
    crmReports: "Reports",
    crmAudit: "Audit",
    consultations: "Consultations",
    rooms: "Rooms",
    jobs: "Jobs",
    admin: "Admin",
  },
  login: {
    title: "Sign in",
    login: "Login or e-mail",
    password: "Password",
    submit: "Sign in",
    failed: "Invalid login or password",
    tooMany: "Too many sign-in attempts. Wait a minute and try again",
    crossSite: "Request refused: the form was sent from another site",
    missing: "Enter your login and password",
  },
  home: {
    title: "Home",
    welcome: "Welcome, {name}",
    sections: "Sections you can use:",
  },
  soon: {
    title: "Coming soon",
    body: "The “{section}” section arrives in a later release.",
    back: "Back to home",
  },
  jobs: {
    title: "Jobs",
    intro: "Background jobs: exports, transcriptions, message delivery. The page updates itself.",
    filterType: "Type",
    filterStatus: "Status",
    any: "Any",
    apply: "Show",
    colType: "Type",
    colStatus: "Status",
    colAttempts: "Attempts",
    colProgress: "Progress",
    colError: "Last error",
    colTimes: "Times",
    colActions: "Actions",
    created: "Created: {at}",
    started: "Started: {at}",
    finished: "Finished: {at}",
    attempts: "{n} of {max}",
    empty: "No jobs",
    replay: "Replay",
    replaying: "Replaying…",
    replayed: "The job is queued again",
    replayFailed: "Replay failed: {error}",
    loadFailed: "Could not refresh the list: {error}",
    live: "Updates every second",
    paused: "Updates paused",
    total: "Total: {n}",
    prev: "Previous",
    next: "Next",
    page: "Page {page}",
    statusQueued: "Queued",
    statusRunning: "Running",
    statusDone: "Done",
    statusFailed: "Failed, will retry",
    statusDead: "Dead",
  },
  returns: returnsEn,
  ww: wwEn,
  crm: crmEn,
  calls: callsEn,
};
