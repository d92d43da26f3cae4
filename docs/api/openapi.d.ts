// Generated from docs/api/openapi.json by `npm run docs:api-types`: do not edit.

export interface paths {
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness */
    get: operations['liveness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/readyz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Readiness
     * @description Ready when every database answers and its migrations are applied.
     */
    get: operations['readiness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Prometheus metrics
     * @description The bearer token is needed only when METRICS_TOKEN is set.
     */
    get: operations['prometheusMetrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The OpenAPI document */
    get: operations['openapiDocument'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/docs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The browsable API reference */
    get: operations['browsableApiReference'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/app/*': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The dashboard's pages
     * @description Every path under `/app` answers the web dashboard's HTML shell, whose script shows the page the path names. Never cached without asking again (`no-cache`).
     */
    get: operations['dashboardSPages'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/app/assets/{file}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The dashboard's files
     * @description A content-hashed script or style sheet of the build: kept for a year (`immutable`), sent brotli- or gzip-compressed as `Accept-Encoding` allows.
     */
    get: operations['dashboardSFiles'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/internal/identity/principals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Look up a principal
     * @description For a process that runs a module apart from identity: who an API key it was presented stands for.
     */
    post: operations['lookUpPrincipal'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspaces': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create a workspace
     * @description The operator's call (ADMIN_TOKEN): a new workspace and its bootstrap API key, which carries every scope. The answer is the only one that carries the key.
     */
    post: operations['createWorkspace'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/workspace': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get the workspace
     * @description The workspace of the calling key or session; any valid credential may ask.
     */
    get: operations['getWorkspace'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List API keys
     * @description The workspace's keys that are not revoked, oldest first; never their secrets.
     *
     *     Needs an API key, or a session whose role grants it, with the `keys:write` scope.
     */
    get: operations['listApiKeys'];
    put?: never;
    /**
     * Create an API key
     * @description A key can grant only scopes it holds itself. The answer is the only one that carries the key.
     *
     *     Needs an API key, or a session whose role grants it, with the `keys:write` scope.
     */
    post: operations['createApiKey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Revoke an API key
     * @description The key stops working at once, in every process. A key can revoke only keys whose scopes it holds itself. Keys the revoked key made keep working: revoke them too if they should go (the audit trail names the key that made each).
     *
     *     Needs an API key, or a session whose role grants it, with the `keys:write` scope.
     */
    delete: operations['revokeApiKey'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get the session
     * @description Who is signed in, in which workspace, with which role, and the CSRF token that writes made with the cookie must send as X-CSRF-Token.
     */
    get: operations['getSession'];
    put?: never;
    /**
     * Sign in
     * @description Checks the email and password and starts a session in the first of the person’s workspaces, as an HttpOnly cookie. Failed attempts are counted per account and per address: after a few, each further one locks them out for twice as long as the last (429 with Retry-After).
     */
    post: operations['signIn'];
    /**
     * Sign out
     * @description Ends this session and clears its cookie.
     */
    delete: operations['signOut'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/sessions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Sign out everywhere
     * @description Ends every session of the signed-in person, on every device, this one included.
     */
    delete: operations['signOutEverywhere'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/session/workspace': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Switch workspace
     * @description The session acts in another workspace the person belongs to, with their role there.
     */
    post: operations['switchWorkspace'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/account/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Change password
     * @description Needs the current password. Every other session of the person ends; this one goes on.
     */
    put: operations['changePassword'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/password-resets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Ask for a password reset
     * @description Mails a link to choose a new password, valid for an hour, if the email has an account. The answer is the same whether or not it has one.
     */
    post: operations['askForPasswordReset'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/password-resets/complete': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reset a password
     * @description Sets a new password with a mailed reset link's token (once). Every session of the person ends.
     */
    post: operations['resetPassword'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List members
     * @description The workspace's people and their roles, by when they joined.
     *
     *     Needs an API key, or a session whose role grants it, with the `members:read` scope.
     */
    get: operations['listMembers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/members/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Remove a member
     * @description Their sessions in this workspace end at once; their account stays.
     *
     *     Needs an API key, or a session whose role grants it, with the `members:write` scope.
     */
    delete: operations['removeMember'];
    options?: never;
    head?: never;
    /**
     * Change a member's role
     * @description Takes effect at once, in every session of theirs. Only an owner makes or demotes an owner, and the last owner stays one.
     *
     *     Needs an API key, or a session whose role grants it, with the `members:write` scope.
     */
    patch: operations['changeMemberSRole'];
    trace?: never;
  };
  '/v1/invitations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List invitations
     * @description Invitations neither accepted nor expired, oldest first; never their links.
     *
     *     Needs an API key, or a session whose role grants it, with the `members:write` scope.
     */
    get: operations['listInvitations'];
    put?: never;
    /**
     * Invite someone
     * @description An invitation link to join with a role, valid for INVITATION_LIFETIME_S and usable once. The answer is the only one that carries the link; with an `email` and SMTP_URL set, it is also mailed there.
     *
     *     Needs an API key, or a session whose role grants it, with the `members:write` scope.
     */
    post: operations['inviteSomeone'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/invitations/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Read an invitation
     * @description What an invitation link offers: the workspace, the role, the address it is for.
     */
    post: operations['readInvitation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/invitations/accept': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Accept an invitation
     * @description Joins the workspace with the invitation’s role: with a new account, or with an existing one when its password is given. Signs in to that workspace.
     */
    post: operations['acceptInvitation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/invitations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Revoke an invitation
     * @description Its link stops working.
     *
     *     Needs an API key, or a session whose role grants it, with the `members:write` scope.
     */
    delete: operations['revokeInvitation'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/domains': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List domains
     * @description Needs an API key, or a session whose role grants it, with the `domains:read` scope.
     */
    get: operations['listDomains'];
    put?: never;
    /**
     * Add a domain
     * @description Claims a host name for the workspace, pending until verified: create the TXT record the answer names, then call verify. A domain serves short links only once verified; point its DNS (A/AAAA or CNAME) at Shortline as well.
     *
     *     Needs an API key, or a session whose role grants it, with the `domains:write` scope.
     */
    post: operations['addDomain'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/domains/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a domain
     * @description Needs an API key, or a session whose role grants it, with the `domains:read` scope.
     */
    get: operations['getDomain'];
    put?: never;
    post?: never;
    /**
     * Delete a domain
     * @description Only a domain without links: delete its links first. Its host name is free again at once.
     *
     *     Needs an API key, or a session whose role grants it, with the `domains:write` scope.
     */
    delete: operations['deleteDomain'];
    options?: never;
    head?: never;
    /**
     * Update a domain
     * @description Changes where `/` and unknown slugs on the domain go (`null`: the 404 page) and whether its links' public QR codes are served; every process follows at once. The host name cannot change: add another domain.
     *
     *     Needs an API key, or a session whose role grants it, with the `domains:write` scope.
     */
    patch: operations['updateDomain'];
    trace?: never;
  };
  '/v1/domains/{id}/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Verify a domain
     * @description Asks DNS (DOMAINS_DNS_SERVERS, else the system's resolvers) for the TXT record at `verification.name`; when one holds `verification.value` the domain is verified for good and starts serving. A verified domain answers as it is.
     *
     *     Needs an API key, or a session whose role grants it, with the `domains:write` scope.
     */
    post: operations['verifyDomain'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/internal/links/lookup': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Look up links
     * @description A workspace's links among `ids`, for a module run in another process; unknown ids and other workspaces' are left out.
     */
    post: operations['lookUpLinks'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/links': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List links
     * @description The workspace's links, newest first, optionally filtered by tag, text and custom domain.
     *
     *     Needs an API key, or a session whose role grants it, with the `links:read` scope.
     */
    get: operations['listLinks'];
    put?: never;
    /**
     * Create a link
     * @description Needs an API key, or a session whose role grants it, with the `links:write` scope.
     */
    post: operations['createLink'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/links/bulk': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create links in bulk
     * @description Up to 1000 links in one transaction. Each item is validated and created on its own: the answer says, per item, its link or the problem that refused it (an invalid item, a slug taken, past the link limit). The request itself is refused (400) only when its body is not `{ links: [...] }` with 1 to 1000 items.
     *
     *     Needs an API key, or a session whose role grants it, with the `links:write` scope.
     */
    post: operations['createLinksInBulk'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/links/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Export links
     * @description Every link of the workspace, oldest first, streamed whatever their number. CSV columns: `slug,url,domain,title,tags,expiresAt,createdAt,clicks` (what a Shortline import reads as format `shortline`): text cells quoted, `tags` comma-separated in one cell, `domain` empty for the default domain, `clicks` the link's human clicks of all time (empty when analytics does not run). A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` so spreadsheets do not run it as a formula; a Shortline import removes it. NDJSON: one Link per line, with `clicks`.
     *
     *     Needs an API key, or a session whose role grants it, with the `links:read` scope.
     */
    get: operations['exportLinks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/links/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a link
     * @description Needs an API key, or a session whose role grants it, with the `links:read` scope.
     */
    get: operations['getLink'];
    put?: never;
    post?: never;
    /**
     * Delete a link
     * @description Its slug is freed and stops resolving at once.
     *
     *     Needs an API key, or a session whose role grants it, with the `links:write` scope.
     */
    delete: operations['deleteLink'];
    options?: never;
    head?: never;
    /**
     * Update a link
     * @description Changes the fields given; `null` clears `title` and `expiresAt`. A new slug frees the old one, which stops resolving at once; a new URL is previewed again.
     *
     *     Needs an API key, or a session whose role grants it, with the `links:write` scope.
     */
    patch: operations['updateLink'];
    trace?: never;
  };
  '/{slug}/unlock': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Unlock a password-protected link
     * @description What the password form a protected link shows posts. `csrf` must equal the form's cookie (SameSite=Strict); a stale or foreign form is sent back to the short URL for a fresh one. Wrong passwords show the form again; after 5, each further one locks this address out of this link for twice as long as the last (429).
     */
    post: operations['unlockPasswordProtectedLink'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/links/{id}/qr': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get link QR code
     * @description The QR code of the link's `shortUrl`, as SVG (the default) or PNG, whether or not its public code is on. `logo=true` draws the workspace's logo in the centre and raises error correction to H.
     *
     *     Needs an API key, or a session whose role grants it, with the `links:read` scope.
     */
    get: operations['getLinkQrCode'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/qr-logo': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get QR-code logo
     * @description Needs an API key, or a session whose role grants it, with the `links:read` scope.
     */
    get: operations['getQrCodeLogo'];
    /**
     * Set QR-code logo
     * @description Replaces any logo. The PNG is checked (signature, dimensions, every chunk) and stored as sent; the codes drawn with the old logo get new ETags.
     *
     *     Needs an API key, or a session whose role grants it, with the `links:write` scope.
     */
    put: operations['setQrCodeLogo'];
    post?: never;
    /**
     * Remove QR-code logo
     * @description Codes asked for with `logo=true` answer 409 from then on.
     *
     *     Needs an API key, or a session whose role grants it, with the `links:write` scope.
     */
    delete: operations['removeQrCodeLogo'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/{slug}/qr': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get short URL QR code
     * @description The public QR code of the short URL `/<slug>`, for anyone, with the options of `GET /v1/links/{id}/qr`. The slug is matched on the request's domain ignoring case, as the redirect matches it; the code holds the link's `shortUrl` as the API shows it. A link whose `publicQr` is false, or on a custom domain whose `publicQr` is false, answers 404, as an unknown slug or host does.
     */
    get: operations['getShortUrlQrCode'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Open a custom domain's root
     * @description On a verified custom domain, redirects to the domain's `rootUrl`. On the default domain's hosts a browser (`Accept: text/html`) is sent to the dashboard at `/app/`, any other client gets the generic 404; on a host that is no domain of this service, the unknown-host 404.
     */
    get: operations['openCustomDomainSRoot'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    /**
     * Check a custom domain's root
     * @description On a verified custom domain, redirects to the domain's `rootUrl`. On the default domain's hosts a browser (`Accept: text/html`) is sent to the dashboard at `/app/`, any other client gets the generic 404; on a host that is no domain of this service, the unknown-host 404.
     */
    head: operations['checkCustomDomainSRoot'];
    patch?: never;
    trace?: never;
  };
  '/{slug}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Follow a short link
     * @description Redirects to the link's target with the link's redirect status, and records the click for analytics. The slug is matched ignoring case.
     *
     *     The slug is looked up on the request's domain only (`Host`, or with TRUST_PROXY a trusted proxy's `X-Forwarded-Host`): PUBLIC_BASE_URL's host and DEFAULT_DOMAIN_HOSTS serve the links without a `domain`, a verified custom domain its own links; any other host answers 404. Served by the fast lane, ahead of the routes: a link in the redirect cache is answered before Express sees the request, any other by a middleware in front of the routers. A path that cannot be a slug, or is reserved for the service (`v1`, `docs`, `healthz`…), is not a redirect. A problem goes to a client that prefers HTML (a browser) as a small page, to one asking for JSON as problem+json; neither may be cached.
     */
    get: operations['followShortLink'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    /**
     * Check a short link
     * @description As GET, without a body and without recording a click: for link checkers.
     *
     *     The slug is looked up on the request's domain only (`Host`, or with TRUST_PROXY a trusted proxy's `X-Forwarded-Host`): PUBLIC_BASE_URL's host and DEFAULT_DOMAIN_HOSTS serve the links without a `domain`, a verified custom domain its own links; any other host answers 404. Served by the fast lane, ahead of the routes: a link in the redirect cache is answered before Express sees the request, any other by a middleware in front of the routers. A path that cannot be a slug, or is reserved for the service (`v1`, `docs`, `healthz`…), is not a redirect. A problem goes to a client that prefers HTML (a browser) as a small page, to one asking for JSON as problem+json; neither may be cached.
     */
    head: operations['checkShortLink'];
    patch?: never;
    trace?: never;
  };
  '/internal/analytics/clicks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Write a click batch
     * @description A flush of a process that serves redirects without running analytics, written as a local flush would be.
     */
    post: operations['writeClickBatch'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/internal/analytics/rollup': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Roll up written clicks
     * @description Rolls up every written batch now, as the rollup job does (AnalyticsApi.rollUp of another process).
     */
    post: operations['rollUpWrittenClicks'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/internal/analytics/click-totals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Count clicks of links
     * @description Each link's human clicks of all time (AnalyticsApi.clickTotals of another process: the links export).
     */
    post: operations['countClicksLinks'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/links/{id}/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get link stats
     * @description The link's clicks over a range, by hour or by local day, zero-filled; the range widens to whole buckets.
     *
     *     Needs an API key, or a session whose role grants it, with the `analytics:read` scope.
     */
    get: operations['getLinkStats'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/links/{id}/stats/breakdown': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get link stats breakdown
     * @description The link's clicks per referrer, country, city, device, browser, OS or A/B variant; the range widens to whole UTC days. Countries and cities come from the CDN's header (`CLICK_COUNTRY_HEADER`) or the geolocation database (`GEOIP_DB`); the database shipped with Shortline is [IP Geolocation by DB-IP](https://db-ip.com) (CC BY 4.0), countries only.
     *
     *     Needs an API key, or a session whose role grants it, with the `analytics:read` scope.
     */
    get: operations['getLinkStatsBreakdown'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/links/{id}/clicks/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Export link clicks
     * @description The link's raw clicks over a range, oldest first, streamed whatever their number. CSV columns: `clickedAt,linkId,bot,referrerHost,country,city,device,browser,os,variant` (text cells quoted; an empty cell is unknown). NDJSON: one object per line with the same fields. Raw clicks are kept CLICKS_RETENTION_DAYS; older ones live on only in the stats.
     *
     *     Needs an API key, or a session whose role grants it, with the `analytics:read` scope.
     */
    get: operations['exportLinkClicks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/clicks/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Export clicks
     * @description The raw clicks of every link of the workspace over a range, oldest first, streamed whatever their number. CSV columns: `clickedAt,linkId,bot,referrerHost,country,city,device,browser,os,variant` (text cells quoted; an empty cell is unknown). NDJSON: one object per line with the same fields. Raw clicks are kept CLICKS_RETENTION_DAYS; older ones live on only in the stats.
     *
     *     Needs an API key, or a session whose role grants it, with the `analytics:read` scope.
     */
    get: operations['exportClicks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get workspace stats
     * @description The workspace's clicks over a range, as for a link, and its most clicked links.
     *
     *     Needs an API key, or a session whose role grants it, with the `analytics:read` scope.
     */
    get: operations['getWorkspaceStats'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/stats/breakdown': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get workspace stats breakdown
     * @description The clicks of all the workspace's links per referrer, country, city, device, browser, OS or A/B variant, as for a link.
     *
     *     Needs an API key, or a session whose role grants it, with the `analytics:read` scope.
     */
    get: operations['getWorkspaceStatsBreakdown'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List webhooks
     * @description Needs an API key, or a session whose role grants it, with the `webhooks:read` scope.
     */
    get: operations['listWebhooks'];
    put?: never;
    /**
     * Create a webhook
     * @description The answer is the only one that carries the signing secret. The URL must resolve to a public address (unless OUTBOUND_ALLOW permits it).
     *
     *     Needs an API key, or a session whose role grants it, with the `webhooks:write` scope.
     */
    post: operations['createWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a webhook
     * @description Needs an API key, or a session whose role grants it, with the `webhooks:read` scope.
     */
    get: operations['getWebhook'];
    put?: never;
    post?: never;
    /**
     * Delete a webhook
     * @description Needs an API key, or a session whose role grants it, with the `webhooks:write` scope.
     */
    delete: operations['deleteWebhook'];
    options?: never;
    head?: never;
    /**
     * Update a webhook
     * @description Enabling a disabled webhook clears its failures.
     *
     *     Needs an API key, or a session whose role grants it, with the `webhooks:write` scope.
     */
    patch: operations['updateWebhook'];
    trace?: never;
  };
  '/v1/webhooks/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Send a test ping
     * @description Sends a signed `ping` event now and answers what the receiver said.
     *
     *     Needs an API key, or a session whose role grants it, with the `webhooks:write` scope.
     */
    post: operations['sendTestPing'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List deliveries
     * @description The webhook's delivery log, newest first.
     *
     *     Needs an API key, or a session whose role grants it, with the `webhooks:read` scope.
     */
    get: operations['listDeliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Redeliver a delivery
     * @description Sends the same body again, with a fresh set of attempts.
     *
     *     Needs an API key, or a session whose role grants it, with the `webhooks:write` scope.
     */
    post: operations['redeliverDelivery'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the audit trail
     * @description Who (an API key or a person) created, changed or deleted the workspace's links, domains, webhooks, API keys, members and invitations, newest first. Entries are written in the background from the changes' events, so one appears a moment after its change.
     *
     *     Needs an API key, or a session whose role grants it, with the `audit:read` scope.
     */
    get: operations['listAuditTrail'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/imports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List imports
     * @description The workspace's import runs, newest first.
     *
     *     Needs an API key, or a session whose role grants it, with the `links:read` scope.
     */
    get: operations['listImports'];
    put?: never;
    /**
     * Start an import
     * @description Uploads another platform's export (or Shortline's own) as the request body and queues its import; the answer comes once the file is stored, before any link is made. Follow the run at `GET /v1/imports/{id}`. Rows the workspace already has (same slug and target) are skipped, so the same file imported twice creates nothing the second time. See docs/imports.md for each format.
     *
     *     Needs an API key, or a session whose role grants it, with the `links:write` scope.
     */
    post: operations['startImport'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/imports/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get an import
     * @description The run with its counts so far and its first 1000 failed rows, each with its row number and reason.
     *
     *     Needs an API key, or a session whose role grants it, with the `links:read` scope.
     */
    get: operations['getImport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    CreateDomain: {
      /**
       * @description The host name, as visitors will type it: lower-cased and stored in punycode; no scheme, port or path, not an IP address
       * @example go.example.com
       */
      hostname: string;
      /**
       * @description Where `/` on this domain redirects (302); null: the 404 page. Not on the domain itself
       * @example https://www.example.com/
       */
      rootUrl?: string | null;
      /**
       * @description Where a slug no link of this domain has redirects (302); null: the 404 page. Not on the domain itself
       * @example https://www.example.com/not-found
       */
      notFoundUrl?: string | null;
      /** @description Whether anyone may get the QR codes of the domain's links at `GET /<slug>/qr` on it (each link's own `publicQr` must allow it too); true when left out */
      publicQr?: boolean;
    };
    CreateLink: {
      /**
       * @description The target: an absolute http(s) URL, not on the short domain itself; stored normalised
       * @example https://example.com/spring-launch?utm_source=newsletter
       */
      url: string;
      /**
       * @description The hostname of one of the workspace's verified domains the short URL lives on; left out, the default domain (PUBLIC_BASE_URL's). Set at creation only
       * @example go.example.com
       */
      domain?: string;
      /**
       * @description Unique on its domain, ignoring case; 7 random characters when left out
       * @example spring-launch
       */
      slug?: string;
      /** @example Spring launch */
      title?: string;
      /**
       * @example [
       *       "campaign",
       *       "spring"
       *     ]
       */
      tags?: string[];
      /**
       * Format: date-time
       * @description From then on the short URL answers 410
       * @example 2030-01-01T00:00:00Z
       */
      expiresAt?: string;
      /**
       * @description The redirect status the short URL answers; 302 when left out
       * @enum {number}
       */
      redirectType?: 301 | 302 | 307 | 308;
      /** @description Whether the short URL's query string is passed on to the target; false when left out */
      forwardQuery?: boolean;
      /** @description Tried in order, the first match wins; a visitor matching none goes to the link's own URL (or its A/B split). */
      targeting?: components['schemas']['TargetingRule'][];
      /**
       * @description An A/B split of the visitors no targeting rule sent elsewhere: each goes to one variant by weight (percent, summing to 100), the same one on every visit.
       * @example [
       *       {
       *         "name": "a",
       *         "url": "https://example.com/landing-a",
       *         "weight": 50
       *       },
       *       {
       *         "name": "b",
       *         "url": "https://example.com/landing-b",
       *         "weight": 50
       *       }
       *     ]
       */
      variants?: {
        /** @description How stats name it; `a`, `b`, `c`… by position when left out */
        name?: string;
        /**
         * @description The target: an absolute http(s) URL, not on the short domain itself; stored normalised
         * @example https://example.com/spring-launch?utm_source=newsletter
         */
        url: string;
        weight: number;
      }[];
      utm?: components['schemas']['Utm'];
      socialPreview?: components['schemas']['SocialPreview'];
      /** @description Visitors must enter it before they are redirected; stored hashed, never shown */
      password?: string;
      /** @description After this many redirects (GET, by people) the short URL answers 410 as if expired */
      maxClicks?: number;
      /** @description Whether anyone may get the QR code of the short URL at `GET /<slug>/qr` (the API key route serves it either way); true when left out */
      publicQr?: boolean;
    };
    /**
     * @description Visitors matching every condition given (each list: any of its values) go to `url`.
     * @example {
     *       "os": [
     *         "ios"
     *       ],
     *       "url": "https://apps.apple.com/app/id123456789"
     *     }
     */
    TargetingRule: {
      /**
       * @description An http(s) URL, or an app deep link such as `myapp://item/42`
       * @example https://apps.apple.com/app/id123456789
       */
      url: string;
      device?: ('desktop' | 'mobile' | 'tablet')[];
      os?: ('ios' | 'android' | 'windows' | 'macos' | 'linux' | 'chromeos')[];
      browser?: ('chrome' | 'safari' | 'firefox' | 'edge' | 'opera' | 'samsung')[];
      language?: string[];
      country?: string[];
      /**
       * @description Parameters the short URL was opened with, each with the value it must have
       * @example {
       *       "ref": "newsletter"
       *     }
       */
      query?: {
        [key: string]: string;
      };
    };
    /**
     * @description Added to every http(s) destination as `utm_source`… They replace parameters of the same name in the destination; with `forwardQuery`, the parameters the short URL was opened with replace both.
     * @example {
     *       "source": "newsletter",
     *       "medium": "email",
     *       "campaign": "spring"
     *     }
     */
    Utm: {
      source?: string;
      medium?: string;
      campaign?: string;
      term?: string;
      content?: string;
    };
    /** @description What link-preview crawlers (Slack, X, Facebook, LinkedIn, iMessage…) are shown, as Open Graph tags, while people are redirected. */
    SocialPreview: {
      title: string;
      /** @default null */
      description: string | null;
      /** @description An absolute http(s) URL of the image */
      image?: string | null;
    };
    QrLogoUpload: {
      /**
       * @description The logo: a PNG of at most 100 KB and 1024×1024 pixels, as a base64 data URL. Transparency is kept.
       * @example data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==
       */
      image: string;
    };
    /** @description An RFC 9457 problem document (application/problem+json) */
    Problem: {
      /**
       * @description A stable URN naming the problem type
       * @example urn:shortline:problem:validation-error
       */
      type: string;
      title: string;
      status: number;
      detail: string;
      instance: string;
      requestId?: string;
      /** @description One entry per invalid field (validation errors) */
      errors?: components['schemas']['FieldError'][];
    };
    FieldError: {
      /** @example body.url */
      field: string;
      message: string;
    };
    /** @description Who is calling: resolved from the API key or session on every authenticated request */
    Principal: {
      /** Format: uuid */
      workspaceId: string;
      scopes: (
        | 'links:read'
        | 'links:write'
        | 'domains:read'
        | 'domains:write'
        | 'analytics:read'
        | 'webhooks:read'
        | 'webhooks:write'
        | 'keys:write'
        | 'members:read'
        | 'members:write'
        | 'audit:read'
      )[];
      actor: components['schemas']['Actor'];
      /** @description A person's role in the workspace; null for an API key */
      role: ('owner' | 'admin' | 'member' | 'viewer') | null;
      /** @description When a session ends (milliseconds since the epoch); null for an API key */
      expiresAt: number | null;
    };
    /** @description Who did something: an API key or a person */
    Actor: {
      /** @enum {string} */
      kind: 'key' | 'user';
      /** Format: uuid */
      id: string;
      /**
       * @description A key's prefix, a person's email
       * @example sl_Xq3v9TzA
       */
      label: string;
    };
    /** @description A tenant: its links, stats, webhooks and API keys are its own */
    Workspace: {
      /** Format: uuid */
      id: string;
      /** @example Acme */
      name: string;
      /** Format: date-time */
      createdAt: string;
    };
    /** @description An API key as created: the only answer that carries the key itself */
    CreatedApiKey: {
      /** Format: uuid */
      id: string;
      /** @example CI deploys */
      name: string;
      /**
       * @description The first 11 characters of the key, shown in lists and logs
       * @example sl_Xq3v9TzA
       */
      prefix: string;
      scopes: (
        | 'links:read'
        | 'links:write'
        | 'domains:read'
        | 'domains:write'
        | 'analytics:read'
        | 'webhooks:read'
        | 'webhooks:write'
        | 'keys:write'
        | 'members:read'
        | 'members:write'
        | 'audit:read'
      )[];
      /** Format: date-time */
      createdAt: string;
      /** @description The person who made the key while signed in; null for a bootstrap key or one made with a key */
      createdBy: {
        /** Format: uuid */
        id: string;
        email: string;
      } | null;
      /**
       * @description The key (sl_…), shown only in this answer
       * @example sl_Xq3v9TzAbLm2Rr8YkWc5NdPe0JhGu7Fs
       */
      key: string;
    };
    /** @description An API key as listed: never the secret */
    ApiKey: {
      /** Format: uuid */
      id: string;
      /** @example CI deploys */
      name: string;
      /**
       * @description The first 11 characters of the key, shown in lists and logs
       * @example sl_Xq3v9TzA
       */
      prefix: string;
      scopes: (
        | 'links:read'
        | 'links:write'
        | 'domains:read'
        | 'domains:write'
        | 'analytics:read'
        | 'webhooks:read'
        | 'webhooks:write'
        | 'keys:write'
        | 'members:read'
        | 'members:write'
        | 'audit:read'
      )[];
      /** Format: date-time */
      createdAt: string;
      /** @description The person who made the key while signed in; null for a bootstrap key or one made with a key */
      createdBy: {
        /** Format: uuid */
        id: string;
        email: string;
      } | null;
    };
    /** @description A signed-in person: who, in which workspace, with what role */
    Session: {
      user: components['schemas']['User'];
      /** @description The workspace the session acts in */
      workspace: {
        /** Format: uuid */
        id: string;
        name: string;
      };
      /** @enum {string} */
      role: 'owner' | 'admin' | 'member' | 'viewer';
      /** @description What the role lets the session do */
      scopes: (
        | 'links:read'
        | 'links:write'
        | 'domains:read'
        | 'domains:write'
        | 'analytics:read'
        | 'webhooks:read'
        | 'webhooks:write'
        | 'keys:write'
        | 'members:read'
        | 'members:write'
        | 'audit:read'
      )[];
      memberships: components['schemas']['Membership'][];
      /** @description Send it as the X-CSRF-Token header on every write made with the session cookie */
      csrfToken: string;
      /** Format: date-time */
      expiresAt: string;
    };
    /** @description A person with an account */
    User: {
      /** Format: uuid */
      id: string;
      /** @example ada@example.com */
      email: string;
      /** @example Ada Lovelace */
      name: string;
    };
    /** @description A workspace the person belongs to, and their role in it */
    Membership: {
      workspace: {
        /** Format: uuid */
        id: string;
        name: string;
      };
      /** @enum {string} */
      role: 'owner' | 'admin' | 'member' | 'viewer';
    };
    /** @description A person in the workspace */
    Member: {
      user: components['schemas']['User'];
      /** @enum {string} */
      role: 'owner' | 'admin' | 'member' | 'viewer';
      /** Format: date-time */
      joinedAt: string;
    };
    /** @description A pending invitation: never its token */
    Invitation: {
      /** Format: uuid */
      id: string;
      /** @description The only address that may accept it; null for anyone with the link */
      email: string | null;
      /** @enum {string} */
      role: 'owner' | 'admin' | 'member' | 'viewer';
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      expiresAt: string;
    };
    /** @description An invitation as created: the only answer that carries its link */
    CreatedInvitation: {
      /** Format: uuid */
      id: string;
      /** @description The only address that may accept it; null for anyone with the link */
      email: string | null;
      /** @enum {string} */
      role: 'owner' | 'admin' | 'member' | 'viewer';
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      expiresAt: string;
      /** @description The link to open, shown only in this answer; its token is in the fragment, so no server logs it */
      url: string;
    };
    /** @description What an invitation offers, for the page that accepts it */
    InvitationPreview: {
      workspace: {
        name: string;
      };
      /** @enum {string} */
      role: 'owner' | 'admin' | 'member' | 'viewer';
      email: string | null;
      /** Format: date-time */
      expiresAt: string;
    };
    Domain: {
      /** Format: uuid */
      id: string;
      /** @example go.example.com */
      hostname: string;
      /**
       * @description A domain serves its links only once verified
       * @enum {string}
       */
      status: 'pending' | 'verified';
      /** @description The DNS record to create to prove the workspace controls the domain; then POST /v1/domains/{id}/verify */
      verification: {
        /** @constant */
        type: 'TXT';
        /** @example _shortline.go.example.com */
        name: string;
        /** @example shortline-verify=3f9c2a7d0b1e4c5f8a6d9e0b7c2f1a3d */
        value: string;
      };
      verifiedAt: string | null;
      /** @description When DNS was last asked for the record (by request, or every few minutes while pending) */
      checkedAt: string | null;
      /** @description What the last check found instead of the record; null once verified or never checked */
      checkProblem: string | null;
      rootUrl: string | null;
      notFoundUrl: string | null;
      /** @description Whether the public QR codes of the domain's links are served */
      publicQr: boolean;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    Link: {
      /** Format: uuid */
      id: string;
      /** @example spring-launch */
      slug: string;
      /**
       * @description The custom domain's hostname; null for the default domain
       * @example go.example.com
       */
      domain: string | null;
      /**
       * @description The address to share: the domain (PUBLIC_BASE_URL for the default one; a custom domain's hostname with PUBLIC_BASE_URL's scheme) and the slug
       * @example https://go.example.com/spring-launch
       */
      shortUrl: string;
      /** @example https://example.com/spring-launch?utm_source=newsletter */
      url: string;
      title: string | null;
      tags: string[];
      /** @description From then on the short URL answers 410; null for never */
      expiresAt: string | null;
      /** @enum {number} */
      redirectType: 301 | 302 | 307 | 308;
      forwardQuery: boolean;
      /** @description Tried in order; the first rule the visitor matches sends them to its URL */
      targeting: {
        url: string;
        device?: ('desktop' | 'mobile' | 'tablet')[];
        os?: ('ios' | 'android' | 'windows' | 'macos' | 'linux' | 'chromeos')[];
        browser?: ('chrome' | 'safari' | 'firefox' | 'edge' | 'opera' | 'samsung')[];
        language?: string[];
        country?: string[];
        query?: {
          [key: string]: string;
        };
      }[];
      /** @description The A/B split; empty for none */
      variants: {
        name: string;
        url: string;
        weight: number;
      }[];
      utm: {
        source?: string;
        medium?: string;
        campaign?: string;
        term?: string;
        content?: string;
      } | null;
      socialPreview: {
        title: string;
        description: string | null;
        image: string | null;
      } | null;
      /** @description Whether visitors must enter a password; the password is never shown */
      passwordProtected: boolean;
      /** @description After this many redirects the short URL answers 410; null for no limit */
      maxClicks: number | null;
      /** @description Whether anyone may get the QR code of the short URL at `GET /<slug>/qr` (the API key route serves it either way) */
      publicQr: boolean;
      /** @description Clicks the link had on the platform it was imported from, as that export gave them (a total); 0 for a link made here. Not part of analytics */
      importedClicks: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /** @description null while LINK_PREVIEWS is off */
      preview: components['schemas']['LinkPreview'] | null;
    };
    /** @description What the target page says about itself, read in the background after the link's URL is set */
    LinkPreview: {
      /**
       * @description `pending` until the preview job ran; `blocked` when the address policy refused the target, `failed` for any other reason
       * @enum {string}
       */
      status: 'pending' | 'ok' | 'failed' | 'blocked';
      title: string | null;
      description: string | null;
      /** @description An absolute http(s) URL */
      image: string | null;
      /** @description Why the page could not be read; null unless failed or blocked */
      error: string | null;
      /** @description When the preview job finished; null while pending */
      fetchedAt: string | null;
    };
    /** @description The workspace's QR-code logo, drawn in the centre of codes asked for with `logo=true` */
    QrLogo: {
      /** @description The PNG as a base64 data URL */
      image: string;
      /** @description In pixels */
      width: number;
      /** @description In pixels */
      height: number;
      /** @description Size of the PNG */
      bytes: number;
      /** @description SHA-256 of the PNG, hex: the logo's version, part of the ETag of every code drawn with it */
      digest: string;
      /** Format: date-time */
      updatedAt: string;
    };
    /** @description Clicks over a range, bucket by bucket, zero-filled */
    SeriesStats: {
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      /** @enum {string} */
      interval: 'hour' | 'day';
      /**
       * @description The canonical name of the time zone (Etc/UTC, utc and Zulu are UTC)
       * @example Europe/Berlin
       */
      tz: string;
      /** @description Human clicks; bots are counted apart */
      total: number;
      /** @description Sum of each bucket's unique visitors (a visitor is recognised within a UTC day at most) */
      uniques: number;
      bots: number;
      series: {
        /**
         * Format: date-time
         * @description Start of the bucket
         */
        t: string;
        clicks: number;
        uniques: number;
      }[];
    };
    /** @description Clicks per value of one dimension, over whole UTC days */
    BreakdownStats: {
      /** @enum {string} */
      by: 'referrer' | 'country' | 'city' | 'device' | 'browser' | 'os' | 'variant';
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      /** @description Most clicked first */
      data: {
        /**
         * @description The referrer host, country code, device, browser, OS or A/B variant name; for `city`, the country code and the city (`DE/Berlin`); `unknown` or `(direct)` when not known. `variant` counts only the clicks of a link with a split
         * @example news.example
         */
        value: string;
        clicks: number;
        /**
         * @description `by=city`: the city's country (ISO 3166-1 alpha-2)
         * @example DE
         */
        country?: string;
        /**
         * @description `by=city`: the name of the city
         * @example Berlin
         */
        city?: string;
      }[];
    };
    /** @description The workspace's clicks over a range, and its most clicked links */
    WorkspaceStats: {
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      /** @enum {string} */
      interval: 'hour' | 'day';
      /**
       * @description The canonical name of the time zone (Etc/UTC, utc and Zulu are UTC)
       * @example Europe/Berlin
       */
      tz: string;
      /** @description Human clicks; bots are counted apart */
      total: number;
      /** @description Sum of each bucket's unique visitors (a visitor is recognised within a UTC day at most) */
      uniques: number;
      bots: number;
      series: {
        /**
         * Format: date-time
         * @description Start of the bucket
         */
        t: string;
        clicks: number;
        uniques: number;
      }[];
      /** @description The most clicked links over the range, most first */
      topLinks: {
        /** Format: uuid */
        linkId: string;
        slug: string;
        /** @description The link's custom domain; null for the default domain */
        domain: string | null;
        url: string;
        clicks: number;
      }[];
    };
    Webhook: {
      /** Format: uuid */
      id: string;
      /** @example https://hooks.example.com/shortline */
      url: string;
      events: ('link.created' | 'link.updated' | 'link.deleted' | 'link.clicked')[];
      description: string | null;
      enabled: boolean;
      /** @description Why it was disabled (automatically or by request); null while enabled */
      disabledReason: string | null;
      disabledAt: string | null;
      /** @description Failed attempts in a row; at WEBHOOK_DISABLE_AFTER_FAILURES the webhook is disabled */
      consecutiveFailures: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    CreatedWebhook: {
      /** Format: uuid */
      id: string;
      /** @example https://hooks.example.com/shortline */
      url: string;
      events: ('link.created' | 'link.updated' | 'link.deleted' | 'link.clicked')[];
      description: string | null;
      enabled: boolean;
      /** @description Why it was disabled (automatically or by request); null while enabled */
      disabledReason: string | null;
      disabledAt: string | null;
      /** @description Failed attempts in a row; at WEBHOOK_DISABLE_AFTER_FAILURES the webhook is disabled */
      consecutiveFailures: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /**
       * @description The signing secret (whsec_…), shown only in this answer
       * @example whsec_0123456789abcdef
       */
      secret: string;
    };
    Delivery: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      webhookId: string;
      /** Format: uuid */
      eventId: string;
      /** @example link.created */
      eventType: string;
      /** @enum {string} */
      status: 'pending' | 'delivered' | 'failed';
      attempts: number;
      lastStatusCode: number | null;
      lastError: string | null;
      latencyMs: number | null;
      /** @description When the next attempt is due; null unless pending */
      nextAttemptAt: string | null;
      /** Format: date-time */
      createdAt: string;
      deliveredAt: string | null;
    };
    /** @description Who (an API key or a person) did what to which thing, when */
    AuditEntry: {
      /**
       * Format: uuid
       * @description The id of the event it records
       */
      id: string;
      /** Format: date-time */
      at: string;
      /**
       * @example link.updated
       * @enum {string}
       */
      action:
        | 'link.created'
        | 'link.updated'
        | 'link.deleted'
        | 'webhook.created'
        | 'webhook.updated'
        | 'webhook.deleted'
        | 'domain.created'
        | 'domain.updated'
        | 'domain.verified'
        | 'domain.deleted'
        | 'api_key.created'
        | 'api_key.revoked'
        | 'member.added'
        | 'member.role_changed'
        | 'member.removed'
        | 'invitation.created'
        | 'invitation.revoked';
      /** @description Who did it; null for the system (a job, the CLI, an expiry) */
      actor: components['schemas']['Actor'] | null;
      target: components['schemas']['AuditTarget'];
      changes: components['schemas']['AuditChanges'] | null;
    };
    /** @description What an audit entry is about */
    AuditTarget: {
      /** @enum {string} */
      type: 'link' | 'domain' | 'webhook' | 'api_key' | 'member' | 'invitation';
      /** @description Its id: a link, domain, webhook, API key, invitation or (for a member) person id */
      id: string;
      /**
       * @description A name to know it by: a link's domain and slug (/launch on the default domain), a hostname, a URL, a key's name and prefix, an email
       * @example go.example.com/launch
       */
      label: string;
    };
    /** @description What changed, where the event says it; each field only where it applies */
    AuditChanges: {
      /** @description The fields an update changed */
      fields?: string[];
      /** @description A member's role after the change, or the role an invitation offers */
      role?: string;
      /** @description A member's role before a role change or removal */
      previousRole?: string;
      /** @description The scopes of a new API key */
      scopes?: string[];
      /** @description Why a webhook was disabled, or a domain deleted by the system */
      reason?: string;
    };
    ImportRun: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      format: 'shortline' | 'csv' | 'shlink' | 'yourls' | 'kutt' | 'bitly';
      /** @enum {string} */
      onConflict: 'skip' | 'rename' | 'fail';
      /** @description The columns format `csv` read each field from; null for the format’s own */
      mapping: {
        [key: string]: string;
      } | null;
      /**
       * @description `receiving` while the file arrives, `queued` until a worker takes it, `running`, then `finished` or `failed` (see `error`)
       * @enum {string}
       */
      status: 'receiving' | 'queued' | 'running' | 'finished' | 'failed';
      /** @description The size of the file */
      bytes: number;
      /** @description The file's SHA-256, hex; null while receiving */
      sha256: string | null;
      /** @description What became of the rows read so far; a link row is counted once */
      rows: {
        read: number;
        created: number;
        /** @description The workspace had the link already (same slug and target), or its slug was taken with onConflict=skip */
        skipped: number;
        failed: number;
      };
      /** @description Why the run failed as a whole; null otherwise */
      error: string | null;
      /** Format: date-time */
      createdAt: string;
      startedAt: string | null;
      finishedAt: string | null;
    };
    ImportRunWithFailures: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      format: 'shortline' | 'csv' | 'shlink' | 'yourls' | 'kutt' | 'bitly';
      /** @enum {string} */
      onConflict: 'skip' | 'rename' | 'fail';
      /** @description The columns format `csv` read each field from; null for the format’s own */
      mapping: {
        [key: string]: string;
      } | null;
      /**
       * @description `receiving` while the file arrives, `queued` until a worker takes it, `running`, then `finished` or `failed` (see `error`)
       * @enum {string}
       */
      status: 'receiving' | 'queued' | 'running' | 'finished' | 'failed';
      /** @description The size of the file */
      bytes: number;
      /** @description The file's SHA-256, hex; null while receiving */
      sha256: string | null;
      /** @description What became of the rows read so far; a link row is counted once */
      rows: {
        read: number;
        created: number;
        /** @description The workspace had the link already (same slug and target), or its slug was taken with onConflict=skip */
        skipped: number;
        failed: number;
      };
      /** @description Why the run failed as a whole; null otherwise */
      error: string | null;
      /** Format: date-time */
      createdAt: string;
      startedAt: string | null;
      finishedAt: string | null;
      /** @description The first 1000 failed rows, in order, each with why */
      failures: {
        /** @description The row in the file: 1 is the first link (a CSV header not counted) */
        row: number;
        reason: string;
      }[];
      /** @description Failed rows past the first 1000, counted in `rows.failed` but not listed */
      failuresOmitted: number;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  liveness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The process is up */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            status: 'ok';
          };
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readiness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ready to serve */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            status: 'ready';
          };
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  prometheusMetrics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Prometheus text exposition */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  openapiDocument: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description This API as OpenAPI 3.1 */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  browsableApiReference: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description An HTML page */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  dashboardSPages: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The HTML shell */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
        };
      };
      /** @description The dashboard is not built (`npm run build`) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  dashboardSFiles: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        file: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The file */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/javascript': unknown;
          'text/css': unknown;
          'application/json': unknown;
        };
      };
      /** @description The build has no such file */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  lookUpPrincipal: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description An API key or a session token */
          key: string;
        };
      };
    };
    responses: {
      /** @description The principal, or null */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description null for an unknown, revoked or expired credential */
            principal: components['schemas']['Principal'] | null;
          };
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createWorkspace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example Acme */
          name: string;
        };
      };
    };
    responses: {
      /** @description Created, with its bootstrap key */
      201: {
        headers: {
          /** @description no-store */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            workspace: components['schemas']['Workspace'];
            apiKey: components['schemas']['CreatedApiKey'];
          };
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The admin API is disabled: ADMIN_TOKEN is not set */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorkspace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The workspace */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Workspace'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listApiKeys: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The workspace's keys */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['ApiKey'][];
          };
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `keys:write` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example CI deploys */
          name: string;
          /**
           * @description What the key may do: only scopes the creating key holds itself
           * @example [
           *       "links:read",
           *       "links:write"
           *     ]
           */
          scopes: (
            | 'links:read'
            | 'links:write'
            | 'domains:read'
            | 'domains:write'
            | 'analytics:read'
            | 'webhooks:read'
            | 'webhooks:write'
            | 'keys:write'
            | 'members:read'
            | 'members:write'
            | 'audit:read'
          )[];
        };
      };
    };
    responses: {
      /** @description Created, with its key */
      201: {
        headers: {
          /** @description no-store */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedApiKey'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The calling key lacks `keys:write`, or a scope it would grant */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  revokeApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The api key's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Revoked */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The calling key lacks `keys:write`, or a scope the key to revoke holds */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getSession: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The session */
      200: {
        headers: {
          /** @description no-store */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Session'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: an API key called what is for a signed-in person */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  signIn: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example ada@example.com */
          email: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Signed in */
      200: {
        headers: {
          /** @description The session cookie (HttpOnly, SameSite=Lax, host-only; Secure over https) */
          'Set-Cookie'?: string;
          /** @description no-store */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Session'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The email or password is wrong */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The account belongs to no workspace, or the host is a workspace's custom domain */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many failed sign-ins for this account or address, or too many sign-in attempts from this address (RATE_LIMIT_SIGN_IN) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  signOut: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Signed out */
      204: {
        headers: {
          /** @description The cleared session cookie */
          'Set-Cookie'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: an API key called what is for a signed-in person; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  signOutEverywhere: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every session ended */
      204: {
        headers: {
          /** @description The cleared session cookie */
          'Set-Cookie'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: an API key called what is for a signed-in person; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  switchWorkspace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: uuid */
          workspaceId: string;
        };
      };
    };
    responses: {
      /** @description The session, in that workspace */
      200: {
        headers: {
          /** @description no-store */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Session'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: an API key called what is for a signed-in person; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The person is not a member of that workspace */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  changePassword: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          currentPassword: string;
          /** @description At least 12 characters */
          newPassword: string;
        };
      };
    };
    responses: {
      /** @description Changed */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: an API key called what is for a signed-in person; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  askForPasswordReset: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @example ada@example.com */
          email: string;
        };
      };
    };
    responses: {
      /** @description A link is mailed if the email has an account */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Mail is off: SMTP_URL is not set */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many password-reset requests from this address (RATE_LIMIT_PASSWORD_RESETS) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  resetPassword: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          token: string;
          /** @description At least 12 characters */
          newPassword: string;
        };
      };
    };
    responses: {
      /** @description The password is changed; sign in with it */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listMembers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The members */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Member'][];
          };
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `members:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  removeMember: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The member's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Removing an owner needs an owner */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The member is the last owner */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  changeMemberSRole: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The member's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          role: 'owner' | 'admin' | 'member' | 'viewer';
        };
      };
    };
    responses: {
      /** @description The member with the new role */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Member'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Making or demoting an owner needs an owner */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The member is the last owner */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listInvitations: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The pending invitations */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Invitation'][];
          };
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `members:write` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  inviteSomeone: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          role: 'owner' | 'admin' | 'member' | 'viewer';
          /**
           * @description Only this address may accept it; mailed to it when SMTP_URL is set
           * @example ada@example.com
           */
          email?: string;
        };
      };
    };
    responses: {
      /** @description Created, with its link */
      201: {
        headers: {
          /** @description no-store */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedInvitation'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Inviting an owner needs an owner */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readInvitation: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          token: string;
        };
      };
    };
    responses: {
      /** @description The invitation */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InvitationPreview'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The invitation is not valid, was used, or has expired */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  acceptInvitation: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          token: string;
          /** @example Ada Lovelace */
          name: string;
          /** @example ada@example.com */
          email: string;
          /** @description A new account's password, or the existing account's own */
          password: string;
        };
      };
    };
    responses: {
      /** @description Joined and signed in */
      200: {
        headers: {
          /** @description The session cookie (HttpOnly, SameSite=Lax, host-only; Secure over https) */
          'Set-Cookie'?: string;
          /** @description no-store */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Session'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The host is a workspace's custom domain: invitations are accepted on the dashboard's own address */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The invitation is not valid, was used, or has expired */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The account was made at the same moment */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  revokeInvitation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The invitation's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Revoked */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `members:write` scope; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listDomains: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The workspace's domains, oldest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Domain'][];
          };
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `domains:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  addDomain: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateDomain'];
      };
    };
    responses: {
      /** @description Added, pending verification */
      201: {
        headers: {
          /** @description The domain */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Domain'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The workspace has DOMAINS_MAX_PER_WORKSPACE domains, or the key lacks the scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The host name is claimed already, by this workspace or another (a domain belongs to one workspace) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getDomain: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The domain's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The domain */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Domain'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `domains:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteDomain: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The domain's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `domains:write` scope; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Links still live on the domain */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateDomain: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The domain's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Where `/` on this domain redirects (302); null: the 404 page. Not on the domain itself
           * @example https://www.example.com/
           */
          rootUrl?: string | null;
          /**
           * @description Where a slug no link of this domain has redirects (302); null: the 404 page. Not on the domain itself
           * @example https://www.example.com/not-found
           */
          notFoundUrl?: string | null;
          /** @description Whether anyone may get the QR codes of the domain's links at `GET /<slug>/qr` on it (each link's own `publicQr` must allow it too); true when left out */
          publicQr?: boolean;
        };
      };
    };
    responses: {
      /** @description The updated domain */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Domain'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `domains:write` scope; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  verifyDomain: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The domain's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The domain, verified */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Domain'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `domains:write` scope; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description DNS has no such record: the detail says what it found (no TXT record, or other values) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description DNS did not answer (the resolver is down or timed out); try again */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  lookUpLinks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: uuid */
          workspaceId: string;
          ids: string[];
        };
      };
    };
    responses: {
      /** @description The links found */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Link'][];
          };
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listLinks: {
    parameters: {
      query?: {
        limit?: number;
        /** @description The previous page's `nextCursor` */
        cursor?: string;
        /** @description Only links with this tag */
        tag?: string;
        /** @description Only links whose URL, title or slug contains this text, ignoring case */
        q?: string;
        /** @description Only links on this custom domain (its hostname); left out, links on every domain */
        domain?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of links */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Link'][];
            /** @description Pass as `cursor` for the next page; null on the last one */
            nextCursor: string | null;
          };
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `links:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createLink: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateLink'];
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          /** @description The link */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Link'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The workspace has reached its link limit (LINKS_MAX_PER_WORKSPACE unless set for it), or the key lacks the scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The slug is taken on its domain (slugs are unique per domain across the service, ignoring case) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createLinksInBulk: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          links: components['schemas']['CreateLink'][];
        };
      };
    };
    responses: {
      /** @description What became of each item */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            created: number;
            failed: number;
            /** @description One per item, in request order; `index` is its position in `links` */
            results: (
              | {
                  index: number;
                  /** @constant */
                  status: 201;
                  link: components['schemas']['Link'];
                }
              | {
                  index: number;
                  /**
                   * @description 400 invalid item, 403 past the link limit, 409 slug taken
                   * @enum {number}
                   */
                  status: 400 | 403 | 409;
                  error: {
                    title: string;
                    detail: string;
                    errors?: components['schemas']['FieldError'][];
                  };
                }
            )[];
          };
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `links:write` scope; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  exportLinks: {
    parameters: {
      query?: {
        /** @description csv (text/csv, with a header line) or ndjson (application/x-ndjson: one JSON object per line) */
        format?: 'csv' | 'ndjson';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The links, as a download */
      200: {
        headers: {
          /** @description attachment, with a file name */
          'Content-Disposition'?: string;
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
          'application/x-ndjson': string;
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `links:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getLink: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The link's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The link */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Link'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `links:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteLink: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The link's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `links:write` scope; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateLink: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The link's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description The target: an absolute http(s) URL, not on the short domain itself; stored normalised
           * @example https://example.com/spring-launch?utm_source=newsletter
           */
          url?: string;
          /**
           * @description Unique on its domain, ignoring case
           * @example spring-launch
           */
          slug?: string;
          title?: string | null;
          /**
           * @example [
           *       "campaign",
           *       "spring"
           *     ]
           */
          tags?: string[];
          expiresAt?: string | null;
          /** @enum {number} */
          redirectType?: 301 | 302 | 307 | 308;
          forwardQuery?: boolean;
          /** @description Replaces all targeting rules; `[]` removes them */
          targeting?: components['schemas']['TargetingRule'][];
          /**
           * @description Replaces the A/B split; `[]` removes it
           * @example [
           *       {
           *         "name": "a",
           *         "url": "https://example.com/landing-a",
           *         "weight": 50
           *       },
           *       {
           *         "name": "b",
           *         "url": "https://example.com/landing-b",
           *         "weight": 50
           *       }
           *     ]
           */
          variants?: {
            /** @description How stats name it; `a`, `b`, `c`… by position when left out */
            name?: string;
            /**
             * @description The target: an absolute http(s) URL, not on the short domain itself; stored normalised
             * @example https://example.com/spring-launch?utm_source=newsletter
             */
            url: string;
            weight: number;
          }[];
          utm?: components['schemas']['Utm'] | null;
          socialPreview?: components['schemas']['SocialPreview'] | null;
          /** @description A new password; `null` removes the protection */
          password?: string | null;
          /** @description A new limit (clicks served so far still count); `null` removes it */
          maxClicks?: number | null;
          publicQr?: boolean;
        };
      };
    };
    responses: {
      /** @description The updated link */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Link'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `links:write` scope; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The new slug is taken on the domain of the link (slugs are unique per domain, ignoring case) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  unlockPasswordProtectedLink: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        slug: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/x-www-form-urlencoded': {
          password: string;
          csrf: string;
        };
      };
    };
    responses: {
      /** @description The password was right (the unlock cookie is set for LINK_PASSWORD_REMEMBER_S), the form was stale, or the link has no password: back to the short URL */
      303: {
        headers: {
          /** @description The short URL, with the query string the form was shown for */
          Location?: string;
          /** @description sl_unlock, scoped to the short URL's path, when the password was right */
          'Set-Cookie'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      /** @description Wrong password: the form again, saying so */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
        };
      };
      /** @description No short link has this address */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      /** @description The form exceeds 4kb */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      /** @description The body is not a form (application/x-www-form-urlencoded) */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      /** @description Too many wrong passwords for this link from this address (a page), or too many forms answered from this address (RATE_LIMIT_LINK_UNLOCK): try again after Retry-After seconds */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
    };
  };
  getLinkQrCode: {
    parameters: {
      query?: {
        /** @description The image format. Left out, `Accept: image/png` asks for PNG; anything else gets SVG (and the answer says `Vary: Accept`) */
        format?: 'svg' | 'png';
        /** @description Width and height of the image in pixels; at least one pixel a module, quiet zone included (a 400 says how many); 300 when left out */
        size?: number;
        /** @description The quiet zone around the code, in modules (the QR specification asks for 4); 4 when left out */
        margin?: number;
        /** @description Error correction: L (7%), M (15%), Q (25%) or H (30%) of the code restorable; M when left out, H with a logo */
        ecl?: 'L' | 'M' | 'Q' | 'H';
        /** @description The colour of the dark modules: `#rrggbb` or `#rrggbbaa`, the `#` sent as `%23` or left out; #000000 when left out */
        fg?: string;
        /** @description The background and quiet zone: `#rrggbb` or `#rrggbbaa`, the `#` sent as `%23` or left out; #ffffff when left out */
        bg?: string;
        /** @description `true` puts the workspace's logo (`PUT /v1/qr-logo`) in the centre, a fifth of the code wide, and raises error correction to H whatever `ecl` says, so that the code still reads; false when left out */
        logo?: 'true' | 'false';
      };
      header?: never;
      path: {
        /** @description The link's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The QR code */
      200: {
        headers: {
          /** @description Strong: names the text, every option and the logo; send it back in If-None-Match */
          ETag?: string;
          /** @description private, no-cache */
          'Cache-Control'?: string;
          /** @description `Accept`, when `format` is left out */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'image/svg+xml': string;
          'image/png': unknown;
        };
      };
      /** @description Not modified: If-None-Match holds the code's current ETag */
      304: {
        headers: {
          /** @description Strong: names the text, every option and the logo; send it back in If-None-Match */
          ETag?: string;
          /** @description private, no-cache */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `links:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `logo=true`, and the workspace has no logo (set one with `PUT /v1/qr-logo`) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getQrCodeLogo: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The logo */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['QrLogo'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `links:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The workspace has no logo */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  setQrCodeLogo: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['QrLogoUpload'];
      };
    };
    responses: {
      /** @description The logo now set */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['QrLogo'];
        };
      };
      /** @description The body is not `{ image }` with a PNG data URL, or the image is not a PNG Shortline can read, or it is too large in pixels */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `links:write` scope; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT, or the PNG exceeds 102400 bytes */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  removeQrCodeLogo: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `links:write` scope; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The workspace has no logo */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getShortUrlQrCode: {
    parameters: {
      query?: {
        /** @description The image format. Left out, `Accept: image/png` asks for PNG; anything else gets SVG (and the answer says `Vary: Accept`) */
        format?: 'svg' | 'png';
        /** @description Width and height of the image in pixels; at least one pixel a module, quiet zone included (a 400 says how many); 300 when left out */
        size?: number;
        /** @description The quiet zone around the code, in modules (the QR specification asks for 4); 4 when left out */
        margin?: number;
        /** @description Error correction: L (7%), M (15%), Q (25%) or H (30%) of the code restorable; M when left out, H with a logo */
        ecl?: 'L' | 'M' | 'Q' | 'H';
        /** @description The colour of the dark modules: `#rrggbb` or `#rrggbbaa`, the `#` sent as `%23` or left out; #000000 when left out */
        fg?: string;
        /** @description The background and quiet zone: `#rrggbb` or `#rrggbbaa`, the `#` sent as `%23` or left out; #ffffff when left out */
        bg?: string;
        /** @description `true` puts the workspace's logo (`PUT /v1/qr-logo`) in the centre, a fifth of the code wide, and raises error correction to H whatever `ecl` says, so that the code still reads; false when left out */
        logo?: 'true' | 'false';
      };
      header?: never;
      path: {
        slug: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The QR code */
      200: {
        headers: {
          /** @description Strong: names the text, every option and the logo; send it back in If-None-Match */
          ETag?: string;
          /** @description public, max-age=300 */
          'Cache-Control'?: string;
          /** @description `Accept`, when `format` is left out */
          Vary?: string;
          [name: string]: unknown;
        };
        content: {
          'image/svg+xml': string;
          'image/png': unknown;
        };
      };
      /** @description Not modified: If-None-Match holds the code's current ETag */
      304: {
        headers: {
          /** @description Strong: names the text, every option and the logo; send it back in If-None-Match */
          ETag?: string;
          /** @description public, max-age=300 */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No short link has this address on the request's domain, the host is no domain of this service, or the public QR code is off (the link's or its domain's) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description `logo=true`, and the workspace has no logo (set one with `PUT /v1/qr-logo`) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The link has expired */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description This process has spent its time for drawing public codes this second (Retry-After: 1), or the database is unreachable (Retry-After: 5) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  openCustomDomainSRoot: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The domain's `rootUrl`; on the default domain, for a browser, the dashboard */
      302: {
        headers: {
          /** @description The domain's `rootUrl`, or `/app/` */
          Location?: string;
          /** @description `private, max-age=90`; `no-cache` to the dashboard */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The domain has no `rootUrl`, the host is no domain of this service, or it is the default domain */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
    };
  };
  checkCustomDomainSRoot: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The domain's `rootUrl`; on the default domain, for a browser, the dashboard */
      302: {
        headers: {
          /** @description The domain's `rootUrl`, or `/app/` */
          Location?: string;
          /** @description `private, max-age=90`; `no-cache` to the dashboard */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The domain has no `rootUrl`, the host is no domain of this service, or it is the default domain */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
    };
  };
  followShortLink: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        slug: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page instead of a redirect: for a link-preview crawler (Slack, X, Facebook…), the link's `socialPreview` as Open Graph tags; for a browser without the password's cookie, the password form, which posts to `/{slug}/unlock` */
      200: {
        headers: {
          /** @description `public, max-age=300` for the preview page, `no-store` for the form */
          'Cache-Control'?: string;
          /** @description With the form: sl_csrf, the form's CSRF token, for the short URL's path (HttpOnly, SameSite=Strict) */
          'Set-Cookie'?: string;
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
        };
      };
      /** @description Moved Permanently: the link's `redirectType` is 301 */
      301: {
        headers: {
          /** @description Where the link's rules send this visitor (the first matching targeting rule, else their A/B variant, else the link's URL), with its UTM parameters and the request's query string passed on when the link has `forwardQuery` */
          Location?: string;
          /** @description public, max-age=86400; private, max-age=90 for a link whose answer depends on the visitor (targeting, variants, password, click limit); for a link with an expiry, at most until it expires */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Found: the link's `redirectType` is 302; or, on a custom domain with a `notFoundUrl`, no link has this slug there (then `Cache-Control: no-store`) */
      302: {
        headers: {
          /** @description Where the link's rules send this visitor (the first matching targeting rule, else their A/B variant, else the link's URL), with its UTM parameters and the request's query string passed on when the link has `forwardQuery` */
          Location?: string;
          /** @description private, max-age=90, or less for a link that expires sooner */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Temporary Redirect: the link's `redirectType` is 307 */
      307: {
        headers: {
          /** @description Where the link's rules send this visitor (the first matching targeting rule, else their A/B variant, else the link's URL), with its UTM parameters and the request's query string passed on when the link has `forwardQuery` */
          Location?: string;
          /** @description private, max-age=90, or less for a link that expires sooner */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Permanent Redirect: the link's `redirectType` is 308 */
      308: {
        headers: {
          /** @description Where the link's rules send this visitor (the first matching targeting rule, else their A/B variant, else the link's URL), with its UTM parameters and the request's query string passed on when the link has `forwardQuery` */
          Location?: string;
          /** @description public, max-age=86400; private, max-age=90 for a link whose answer depends on the visitor (targeting, variants, password, click limit); for a link with an expiry, at most until it expires */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The link has a password and the client asked for JSON: open it in a browser to enter the password */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      /** @description No short link has this address on the request's domain, or the host is not a domain of this service (neither the default domain nor a verified custom one) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      /** @description The link has expired, or has served its `maxClicks` */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      /** @description Too many short URLs without a link, or hosts that are no domain, from this address (RATE_LIMIT_UNKNOWN_SLUGS): try again after Retry-After seconds. Redirects of known links are never limited */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
    };
  };
  checkShortLink: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        slug: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page instead of a redirect: for a link-preview crawler (Slack, X, Facebook…), the link's `socialPreview` as Open Graph tags; for a browser without the password's cookie, the password form, which posts to `/{slug}/unlock` */
      200: {
        headers: {
          /** @description `public, max-age=300` for the preview page, `no-store` for the form */
          'Cache-Control'?: string;
          /** @description With the form: sl_csrf, the form's CSRF token, for the short URL's path (HttpOnly, SameSite=Strict) */
          'Set-Cookie'?: string;
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
        };
      };
      /** @description Moved Permanently: the link's `redirectType` is 301 */
      301: {
        headers: {
          /** @description Where the link's rules send this visitor (the first matching targeting rule, else their A/B variant, else the link's URL), with its UTM parameters and the request's query string passed on when the link has `forwardQuery` */
          Location?: string;
          /** @description public, max-age=86400; private, max-age=90 for a link whose answer depends on the visitor (targeting, variants, password, click limit); for a link with an expiry, at most until it expires */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Found: the link's `redirectType` is 302; or, on a custom domain with a `notFoundUrl`, no link has this slug there (then `Cache-Control: no-store`) */
      302: {
        headers: {
          /** @description Where the link's rules send this visitor (the first matching targeting rule, else their A/B variant, else the link's URL), with its UTM parameters and the request's query string passed on when the link has `forwardQuery` */
          Location?: string;
          /** @description private, max-age=90, or less for a link that expires sooner */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Temporary Redirect: the link's `redirectType` is 307 */
      307: {
        headers: {
          /** @description Where the link's rules send this visitor (the first matching targeting rule, else their A/B variant, else the link's URL), with its UTM parameters and the request's query string passed on when the link has `forwardQuery` */
          Location?: string;
          /** @description private, max-age=90, or less for a link that expires sooner */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Permanent Redirect: the link's `redirectType` is 308 */
      308: {
        headers: {
          /** @description Where the link's rules send this visitor (the first matching targeting rule, else their A/B variant, else the link's URL), with its UTM parameters and the request's query string passed on when the link has `forwardQuery` */
          Location?: string;
          /** @description public, max-age=86400; private, max-age=90 for a link whose answer depends on the visitor (targeting, variants, password, click limit); for a link with an expiry, at most until it expires */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The link has a password and the client asked for JSON: open it in a browser to enter the password */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      /** @description No short link has this address on the request's domain, or the host is not a domain of this service (neither the default domain nor a verified custom one) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      /** @description The link has expired, or has served its `maxClicks` */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      /** @description Too many short URLs without a link, or hosts that are no domain, from this address (RATE_LIMIT_UNKNOWN_SLUGS): try again after Retry-After seconds. Redirects of known links are never limited */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
          'text/html': string;
        };
      };
    };
  };
  writeClickBatch: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          clicks: {
            /** Format: uuid */
            linkId: string;
            /** Format: uuid */
            workspaceId: string;
            at: number;
            referrer?: string;
            userAgent?: string;
            ip?: string;
            country?: string;
            variant?: string;
          }[];
        };
      };
    };
    responses: {
      /** @description Written */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  rollUpWrittenClicks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description What was rolled up */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Click batches rolled up */
            batches: number;
            clicks: number;
          };
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  countClicksLinks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: uuid */
          workspaceId: string;
          linkIds: string[];
        };
      };
    };
    responses: {
      /** @description The totals */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Each link's human clicks of all time; links without any are left out */
            totals: {
              [key: string]: number;
            };
          };
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getLinkStats: {
    parameters: {
      query?: {
        from?: string;
        to?: string;
        interval?: 'hour' | 'day';
        tz?: string;
      };
      header?: never;
      path: {
        /** @description The link's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The link's clicks */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SeriesStats'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `analytics:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getLinkStatsBreakdown: {
    parameters: {
      query: {
        by: 'referrer' | 'country' | 'city' | 'device' | 'browser' | 'os' | 'variant';
        from?: string;
        to?: string;
        limit?: number;
      };
      header?: never;
      path: {
        /** @description The link's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The link's clicks per value */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BreakdownStats'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `analytics:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  exportLinkClicks: {
    parameters: {
      query?: {
        /** @description Start of the range, inclusive: a date-time, or a date (its UTC midnight). Default: the oldest click kept */
        from?: string;
        /** @description End of the range, exclusive: a date-time, or a date (its UTC midnight). Default: now */
        to?: string;
        /** @description csv (text/csv, with a header line) or ndjson (application/x-ndjson: one JSON object per line) */
        format?: 'csv' | 'ndjson';
      };
      header?: never;
      path: {
        /** @description The link's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The link's clicks, as a download */
      200: {
        headers: {
          /** @description attachment, with a file name */
          'Content-Disposition'?: string;
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
          'application/x-ndjson': string;
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `analytics:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  exportClicks: {
    parameters: {
      query?: {
        /** @description Start of the range, inclusive: a date-time, or a date (its UTC midnight). Default: the oldest click kept */
        from?: string;
        /** @description End of the range, exclusive: a date-time, or a date (its UTC midnight). Default: now */
        to?: string;
        /** @description csv (text/csv, with a header line) or ndjson (application/x-ndjson: one JSON object per line) */
        format?: 'csv' | 'ndjson';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The workspace's clicks, as a download */
      200: {
        headers: {
          /** @description attachment, with a file name */
          'Content-Disposition'?: string;
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
          'application/x-ndjson': string;
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `analytics:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorkspaceStats: {
    parameters: {
      query?: {
        from?: string;
        to?: string;
        interval?: 'hour' | 'day';
        tz?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The workspace's clicks */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WorkspaceStats'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `analytics:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWorkspaceStatsBreakdown: {
    parameters: {
      query: {
        by: 'referrer' | 'country' | 'city' | 'device' | 'browser' | 'os' | 'variant';
        from?: string;
        to?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The workspace's clicks per value */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BreakdownStats'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `analytics:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listWebhooks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The workspace's webhooks */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Webhook'][];
          };
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `webhooks:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          url: string;
          events: ('link.created' | 'link.updated' | 'link.deleted' | 'link.clicked')[];
          description?: string;
        };
      };
    };
    responses: {
      /** @description Created, with its secret */
      201: {
        headers: {
          /** @description The webhook */
          Location?: string;
          /** @description no-store */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedWebhook'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The workspace has WEBHOOKS_MAX_PER_WORKSPACE webhooks, or the key lacks the scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The webhook's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The webhook */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Webhook'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `webhooks:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The webhook's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted, with its deliveries */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `webhooks:write` scope; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The webhook's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          url?: string;
          events?: ('link.created' | 'link.updated' | 'link.deleted' | 'link.clicked')[];
          description?: string | null;
          enabled?: boolean;
        };
      };
    };
    responses: {
      /** @description The updated webhook */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Webhook'];
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `webhooks:write` scope; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds BODY_LIMIT */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  sendTestPing: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The webhook's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description What the receiver answered */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            delivered: boolean;
            statusCode: number | null;
            latencyMs: number | null;
            error: string | null;
            delivery: components['schemas']['Delivery'];
          };
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `webhooks:write` scope; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listDeliveries: {
    parameters: {
      query?: {
        status?: 'pending' | 'delivered' | 'failed';
        limit?: number;
        /** @description The previous page's `nextCursor` */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description The webhook's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of deliveries */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Delivery'][];
            nextCursor: string | null;
          };
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `webhooks:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  redeliverDelivery: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The webhook's id */
        id: string;
        /** @description The delivery's id */
        deliveryId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Queued */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Delivery'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `webhooks:write` scope; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The webhook is disabled, or the delivery is a test ping */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listAuditTrail: {
    parameters: {
      query?: {
        limit?: number;
        /** @description The previous page's `nextCursor` */
        cursor?: string;
        action?:
          | 'link.created'
          | 'link.updated'
          | 'link.deleted'
          | 'webhook.created'
          | 'webhook.updated'
          | 'webhook.deleted'
          | 'domain.created'
          | 'domain.updated'
          | 'domain.verified'
          | 'domain.deleted'
          | 'api_key.created'
          | 'api_key.revoked'
          | 'member.added'
          | 'member.role_changed'
          | 'member.removed'
          | 'invitation.created'
          | 'invitation.revoked';
        actorId?: string;
        targetId?: string;
        /** @description Only entries at or after this time */
        from?: string;
        /** @description Only entries before this time */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of entries */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['AuditEntry'][];
            /** @description Pass as `cursor` for the next page; null on the last one */
            nextCursor: string | null;
          };
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `audit:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listImports: {
    parameters: {
      query?: {
        limit?: number;
        /** @description The previous page's `nextCursor` */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of import runs */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['ImportRun'][];
            /** @description Pass as `cursor` for the next page; null on the last one */
            nextCursor: string | null;
          };
        };
      };
      /** @description The request is not valid: `errors` names each invalid field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `links:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  startImport: {
    parameters: {
      query: {
        /** @description What the file is: `shortline` (Shortline's CSV export), `csv` (any CSV, with `mapping`), `shlink`, `yourls`, `kutt` or `bitly` (their exports; docs/imports.md says which) */
        format: 'shortline' | 'csv' | 'shlink' | 'yourls' | 'kutt' | 'bitly';
        /** @description A row whose slug is taken by another target: `skip` it (default), `rename` it to `<slug>-2` … `<slug>-9`, or `fail` (the run stops there) */
        onConflict?: 'skip' | 'rename' | 'fail';
        /** @description Format `csv` only: a JSON object naming the column each field is read from (url, slug, domain, title, tags, expiresAt, clicks); url is required. Left out, the columns are looked for by these names */
        mapping?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'text/csv': string;
        'application/json': string;
      };
    };
    responses: {
      /** @description The file is stored and its import queued */
      202: {
        headers: {
          /** @description The import run */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ImportRun'];
        };
      };
      /** @description The query is not valid (`errors` names each field), or the body is empty */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `links:write` scope; or a write with the session cookie lacks its X-CSRF-Token */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body exceeds IMPORTS_MAX_UPLOAD (104857600 bytes here, uncompressed: the body may be sent with Content-Encoding gzip, deflate or br) */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description The body is none of text/csv, application/json */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getImport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The import's id */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The import run */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ImportRunWithFailures'];
        };
      };
      /** @description No valid credentials */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Refused: the API key or the person's role lacks the `links:read` scope */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such resource in this workspace (an id of another workspace included) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests with this API key or session, or too many rejected credentials from this address (Retry-After, RateLimit) */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description A service Shortline depends on is unreachable right now; try again (Retry-After) */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
}
