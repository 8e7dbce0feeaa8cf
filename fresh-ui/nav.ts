/**
 * The navigation registry: every section of the UI, who may use it, and its page. A domain adds
 * its page by writing `fresh-ui/routes/<name>.tsx` and setting `page` on its entry here (see
 * README.md). Entries without a page show a "coming soon" placeholder, so no link is dead.
 *
 * @module
 */
import type { Actor } from "../platform/actor.ts";
import { type Access, hasAccess } from "../platform/rest/access.ts";
import { MANAGER_ROLES, STAFF_ROLES } from "../routers/returns/roles.ts";
import type { Dict } from "./i18n/mod.ts";
import type { UiPage } from "./page.ts";
import { crmAuditPage } from "./routes/crm_audit.tsx";
import { crmCustomersPage } from "./routes/crm_customers.tsx";
import { crmObjectsPage } from "./routes/crm_objects.tsx";
import { crmReportsPage } from "./routes/crm_reports.tsx";
import { crmVisitsPage } from "./routes/crm_visits.tsx";
import { callsPage } from "./routes/calls.tsx";
import { jobsPage } from "./routes/jobs.tsx";
import { returnsPage } from "./routes/returns.tsx";
import { wwBoardPage } from "./routes/ww_board.tsx";

/** One section (or a group of sections) in the navigation. */
export interface NavEntry {
  /** Stable id; also the `data-nav` attribute tests and CSS use. */
  id: string;
  /** Label key in the `nav` part of the dictionaries. */
  label: keyof Dict["nav"];
  /** URL of the page, under `/app/`. */
  path: string;
  /** Who sees the entry and may open the page (ADMIN passes every role list). */
  access: Access;
  /** The page; omitted until the domain ships it. */
  page?: UiPage;
  /** Sub-sections; a group's own `path` is not a page. */
  children?: NavEntry[];
}

const CRM: Access = ["SUPERVISOR", "ENGINEER"];

/** Every section, in menu order. */
export const NAV: NavEntry[] = [
  {
    id: "returns",
    label: "returns",
    path: "/app/returns",
    access: MANAGER_ROLES,
    page: returnsPage,
  },
  { id: "ww", label: "ww", path: "/app/ww", access: STAFF_ROLES, page: wwBoardPage },
  {
    id: "calls",
    label: "calls",
    path: "/app/calls",
    access: ["OPERATOR", "SUPERVISOR"],
    page: callsPage,
  },
  { id: "masters", label: "masters", path: "/app/masters", access: ["MASTER", "SUPERVISOR"] },
  {
    id: "crm",
    label: "crm",
    path: "/app/crm",
    access: CRM,
    children: [
      {
        id: "crm-objects",
        label: "crmObjects",
        path: "/app/crm/objects",
        access: CRM,
        page: crmObjectsPage,
      },
      {
        id: "crm-visits",
        label: "crmVisits",
        path: "/app/crm/visits",
        access: CRM,
        page: crmVisitsPage,
      },
      {
        id: "crm-customers",
        label: "crmCustomers",
        path: "/app/crm/customers",
        access: CRM,
        page: crmCustomersPage,
      },
      {
        id: "crm-reports",
        label: "crmReports",
        path: "/app/crm/reports",
        access: ["SUPERVISOR"],
        page: crmReportsPage,
      },
      // The audit API serves supervisors too (the CRM's entries); ENGINEER gets 403.
      {
        id: "crm-audit",
        label: "crmAudit",
        path: "/app/crm/audit",
        access: ["SUPERVISOR"],
        page: crmAuditPage,
      },
    ],
  },
  {
    id: "consultations",
    label: "consultations",
    path: "/app/consultations",
    access: ["OPERATOR", "SUPERVISOR"],
  },
  { id: "rooms", label: "rooms", path: "/app/rooms", access: "authed" },
  { id: "jobs", label: "jobs", path: "/app/jobs", access: "authed", page: jobsPage },
  { id: "admin", label: "admin", path: "/app/admin", access: ["ADMIN"] },
];

/** The entries `actor` may see, groups keeping only their visible children. */
export function visibleNav(actor: Actor, entries: NavEntry[] = NAV): NavEntry[] {
  return entries.filter((e) => hasAccess(e.access, actor)).map((e) =>
    e.children ? { ...e, children: visibleNav(actor, e.children) } : e
  );
}

/** Every entry that is a page of its own (groups are not), depth first. */
export function pageEntries(entries: NavEntry[] = NAV): NavEntry[] {
  return entries.flatMap((e) => (e.children ? pageEntries(e.children) : [e]));
}
