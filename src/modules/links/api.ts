/** What other modules, the CLI and the composition root may use of links. */
export interface LinksApi {
  /** Overrides LINKS_MAX_PER_WORKSPACE for one workspace; `null` restores the default. */
  setWorkspaceLimit(workspaceId: string, maxLinks: number | null): Promise<void>;
}
