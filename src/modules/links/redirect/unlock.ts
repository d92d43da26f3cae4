import { timingSafeEqual } from 'node:crypto';
import { serialize as cookie } from 'cookie';
import type { Request, Response } from 'express';
import { Counter } from 'prom-client';
import { NotFound } from '../../../shared/errors';
import type { Metrics } from '../../../shared/metrics';
import type { LinksService } from '../service';
import { PasswordAttempts } from '../rules/password-attempts';
import { unlockToken, verifyPassword } from '../rules/password';
import { errorPage, passwordPage } from './pages';
import { csrfTokenOf, keyOn, redirectKey, UNLOCK_COOKIE } from './redirect';
import { hostKey } from '../../../shared/http/host';
import type { DomainsApi } from '../../domains';

export interface UnlockOptions {
  service: LinksService;
  domains: DomainsApi;
  /** How long a right password is remembered by the browser (LINK_PASSWORD_REMEMBER_S). */
  rememberSeconds: number;
  secureCookies: boolean;
  metrics: Metrics;
}

/**
 * `POST /:slug/unlock`: the password form's answer. CSRF-safe without a
 * session: the form carries the token its SameSite=Strict cookie holds, which
 * another site can neither read nor send. A right password sets the unlock
 * cookie (rules/password.ts) for this link's path and sends the browser back
 * to the short URL (303), where the redirect now lets it through; a wrong one
 * shows the form again, and repeated wrong ones are refused for a while
 * (rules/password-attempts.ts).
 */
export function unlockHandler(options: UnlockOptions) {
  const attempts = new PasswordAttempts();
  const counter = new Counter({
    name: 'shortline_link_unlocks_total',
    help: 'Password form answers by outcome (unlocked, wrong, locked_out, stale_form)',
    labelNames: ['outcome'],
    registers: [options.metrics.registry],
  });

  return async (body: { password: string; csrf: string }, req: Request, res: Response): Promise<void> => {
    const slug = String(req.params.slug);
    const key = redirectKey('GET', `/${slug}`);
    // The link of this slug on the request's domain, as the redirect finds it.
    const host = key === undefined ? 'unknown' : await options.domains.resolveHost(hostKey(req.host));
    const target = key === undefined || host === 'unknown' ? undefined : await options.service.resolve(keyOn(host, key));
    if (target === undefined || host === 'unknown' || (target.expiresAt !== null && target.expiresAt <= Date.now())) {
      throw new NotFound('No short link has this address');
    }
    if (host !== 'default' && target.workspaceId !== host.workspaceId) throw new NotFound('No short link has this address');
    const back = `/${encodeURIComponent(slug)}${req.originalUrl.slice(req.path.length)}`;
    const hash = target.rules?.passwordHash ?? null;
    res.setHeader('Cache-Control', 'no-store');
    // Nothing to unlock (any more): the short URL itself answers.
    if (hash === null) return seeOther(res, back);
    const action = req.originalUrl;
    const csrf = csrfTokenOf(req);
    if (csrf === undefined || !sameToken(csrf, body.csrf)) {
      counter.inc({ outcome: 'stale_form' });
      return seeOther(res, back);
    }
    const ip = req.ip;
    const now = Date.now();
    const waitMs = attempts.lockedFor(target.linkId, ip, now);
    if (waitMs > 0) {
      counter.inc({ outcome: 'locked_out' });
      const seconds = Math.ceil(waitMs / 1000);
      res.setHeader('Retry-After', String(seconds));
      return void res
        .status(429)
        .type('html')
        .send(errorPage(429, 'Too many attempts', `Too many wrong passwords; try again in ${seconds} seconds.`));
    }
    if (!(await verifyPassword(body.password, hash))) {
      attempts.failed(target.linkId, ip, Date.now());
      counter.inc({ outcome: 'wrong' });
      return void res
        .status(403)
        .type('html')
        .send(passwordPage(action, csrf, 'Wrong password; try again.'));
    }
    attempts.succeeded(target.linkId, ip);
    counter.inc({ outcome: 'unlocked' });
    const expiresAt = Math.floor(Date.now() / 1000) + options.rememberSeconds;
    res.setHeader(
      'Set-Cookie',
      cookie(UNLOCK_COOKIE, unlockToken(target.linkId, hash, expiresAt), {
        path: `/${encodeURIComponent(slug)}`,
        httpOnly: true,
        // Lax: the cookie must come along when the short URL is opened from another site later.
        sameSite: 'lax',
        secure: options.secureCookies,
        maxAge: options.rememberSeconds,
      }),
    );
    seeOther(res, back);
  };
}

/** Back to the short URL, without the text body Express's res.redirect would add. */
function seeOther(res: Response, location: string): void {
  res.status(303).location(location).end();
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
