// How the journeys find things on a page: by data-testid, with the few attribute and structure
// selectors that a test id alone cannot say. Locators only: nothing here waits or acts.

/** The workspace badge once `workspace` ("mine", "demo") is the active one. */
export const workspaceBadge = (page, workspace) =>
  page.locator(`[data-testid="workspace-badge"][data-workspace="${workspace}"]`);

/** `name` in the current-user picker (the people added in Settings). */
export const personOption = (page, name) => page.getByTestId("current-user").locator("option", { hasText: name });

/** The inline error under the field whose input is `testId`, within `scope`. */
export const fieldError = (scope, testId) => scope.locator(`label.field:has([data-testid="${testId}"]) .field-error`);

/** The machine form's inline error under `field` ("serial", "hours-per-month"…). */
export const machineFieldError = (page, field) => fieldError(page, `field-${field}`);

/** The company names of the customer rows rendered. */
export const customerCompanies = (page) => page.locator('[data-testid="customer-row"] .row-company');

/** The row of machine `serial` on a customer's page. */
export const customerMachine = (page, serial) => page.locator(`[data-testid="customer-machine"][data-serial="${serial}"]`);

/** The follow-up in the queue whose notes hold `notes`. */
export const followUp = (page, notes) => page.getByTestId("follow-up").filter({ hasText: notes });

/** The funnel's kanban column of `stage`. */
export const kanbanColumn = (page, stage) => page.locator(`[data-testid="kanban-column"][data-stage="${stage}"]`);

/** Opportunity `id`'s card on the kanban, within `scope` (the page or a column). */
export const kanbanCard = (scope, id) => scope.locator(`[data-testid="kanban-card"][data-id="${id}"]`);

/** The holdout-error rows of a part's page; `which` adds classes or attributes (".chosen", ".toward"). */
export const holdoutRow = (page, which = "") => page.locator(`[data-testid="holdout-error"]${which}`);
