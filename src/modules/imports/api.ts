/** What other modules may use of imports: nothing yet; it is driven over HTTP and by its job. */
export type ImportsApi = Record<string, never>;
