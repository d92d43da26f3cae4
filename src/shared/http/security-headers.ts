import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * helmet's security headers, reduced to those that matter for a JSON API and
 * small redirect pages, and computed once: with this configuration every header
 * helmet sets is static, so instead of running its chain of seven middlewares per
 * request we replay the headers it produced at start-up (about 5% of a trivial
 * request's cost; see docs/PERFORMANCE.md).
 */
export function securityHeaders(): (res: ServerResponse) => void {
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], frameAncestors: ["'none'"] },
    },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    // CSP frame-ancestors 'none' already forbids framing.
    xFrameOptions: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: string) => void headers.push([name, value]),
    removeHeader: () => {},
  };
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  return (res) => {
    for (const [name, value] of headers) res.setHeader(name, value);
  };
}
