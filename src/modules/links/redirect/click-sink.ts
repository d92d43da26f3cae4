/**
 * The port through which every served redirect (GET) reports a click. Links
 * defines what a click is; the analytics module implements it. `record` must
 * return at once and never throw: the redirect does not wait on analytics.
 */
export interface Click {
  linkId: string;
  workspaceId: string;
  /** When the redirect was served, in epoch milliseconds (cheaper on the hot path than a Date). */
  at: number;
  referrer: string | undefined;
  userAgent: string | undefined;
  /** The client's address: analytics hashes it into the visitor and locates it (GEOIP_DB) when writing, and stores it nowhere. */
  ip: string | undefined;
  /** From the configured CLICK_COUNTRY_HEADER (e.g. a CDN's geo header), if any. */
  country: string | undefined;
  /** The A/B variant the visitor was sent to (its name), for a link with a split. */
  variant?: string;
}

export interface ClickSink {
  record(click: Click): void;
}

/**
 * The sink the redirect holds: forwards to the one connected through
 * LinksApi.connectClickSink, and drops clicks until then. (Analytics depends on
 * links and is built after it, so it connects itself rather than being passed in.)
 */
export class ClickRelay implements ClickSink {
  private target: ClickSink | undefined;

  connect(sink: ClickSink): void {
    this.target = sink;
  }

  record(click: Click): void {
    this.target?.record(click);
  }
}
