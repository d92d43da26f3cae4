import { createHash } from 'node:crypto';
import { Counter } from 'prom-client';
import { Conflict, Unavailable } from '../../../shared/errors';
import type { Metrics } from '../../../shared/metrics';
import { shortUrl } from '../link-rows';
import type { LinksService } from '../service';
import type { DomainsApi } from '../../domains';
import { keyOn, redirectKey } from '../redirect/redirect';
import { couldBeSlug, isReservedSlug, slugKey } from '../slugs/slug';
import type { RedirectTarget } from '../redirect/redirect-target';
import type { Colour } from './colour';
import type { QrLogo, QrLogos } from './qr-logos';
import { RenderBudget } from './render-budget';
import { RenderCache } from './render-cache';
import { CONTENT_TYPES, draw, RENDERER_VERSION, type ErrorCorrection, type QrFormat, type QrLook } from './render';

/** What a request asks of a code (http/qr-schemas.ts validates it). */
export interface QrOptions {
  format: QrFormat;
  size: number;
  margin: number;
  ecl: ErrorCorrection;
  fg: Colour;
  bg: Colour;
  /** Draw the workspace's logo in the centre, at error correction H. */
  logo: boolean;
}

/** A code to answer with: its ETag known before it is drawn, so that a 304 draws nothing. */
export interface QrCode {
  etag: string;
  contentType: string;
  /** The image, from the render cache or drawn now; Invalid when `size` is too small for the symbol. */
  image(): Buffer;
  /** Counts an answer of 304 (the client's copy is current). */
  notModified(): void;
}

/** Drawn images kept per process: a PNG of 2048 pixels is tens of KB, an SVG with a logo up to ~140 KB. */
const RENDER_CACHE_BYTES = 32 * 1024 * 1024;
const RENDER_CACHE_MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** A quarter of a core for drawing public codes (see RenderBudget); the API's codes, behind a key, are not counted. */
const PUBLIC_RENDER_MS_PER_SECOND = 250;

/**
 * QR codes of short links: the text is the link's `shortUrl`, as the API
 * shows it. An image is named by a strong ETag, a hash of everything it is
 * drawn from (the text, every option, the logo's digest, the renderer's
 * version), and kept under it in a bounded render cache: drawing a PNG is
 * the costly part, and a code is asked for again and again (a printed page,
 * a dashboard), rarely in new options.
 */
export class QrCodes {
  private readonly cache = new RenderCache(RENDER_CACHE_BYTES, RENDER_CACHE_MAX_IMAGE_BYTES);
  private readonly publicBudget = new RenderBudget(PUBLIC_RENDER_MS_PER_SECOND);
  private readonly outcomes: Counter<'format' | 'outcome'>;

  constructor(
    private readonly links: LinksService,
    private readonly domains: DomainsApi,
    private readonly logos: QrLogos,
    private readonly publicBaseUrl: string,
    metrics: Metrics,
  ) {
    this.outcomes = new Counter({
      name: 'shortline_qr_codes_total',
      help: 'QR codes asked for, by format and outcome: rendered (drawn), cached (from the render cache), not_modified (304), refused (public drawing budget spent)',
      labelNames: ['format', 'outcome'],
      registers: [metrics.registry],
    });
  }

  /** The code of a workspace's link; NotFound for an unknown id or another workspace's. */
  async forLink(workspaceId: string, id: string, options: QrOptions): Promise<QrCode> {
    const link = await this.links.getLink(workspaceId, id);
    return this.code(link.shortUrl, workspaceId, options, undefined);
  }

  /**
   * The link a public `/<slug>/qr` names on the request's host (`host`, a
   * hostKey), as the redirect finds it: through the domains' and the
   * redirect's caches (a repeated unknown slug or host costs one query per
   * negative TTL, as a redirect does). Undefined for what cannot be a slug,
   * a reserved path, an unknown host or slug, a custom domain whose public
   * codes are off and a link whose public code is off, alike.
   */
  async publicTarget(host: string, slug: string): Promise<RedirectTarget | undefined> {
    if (!couldBeSlug(slug) || isReservedSlug(slug)) return undefined;
    const domain = this.domains.cachedHost(host) ?? (await this.domains.resolveHost(host));
    if (domain === 'unknown' || (domain !== 'default' && !domain.publicQr)) return undefined;
    const target = await this.links.resolve(keyOn(domain, slugKey(slug)));
    // A custom domain serves its own workspace's links only, as the redirect does.
    if (target === undefined || (domain !== 'default' && target.workspaceId !== domain.workspaceId)) return undefined;
    return target.publicQr ? target : undefined;
  }

  /** The code of the link behind a public `/<slug>/qr` (see publicTarget). */
  forTarget(target: RedirectTarget, options: QrOptions): Promise<QrCode> {
    return this.code(shortUrl(this.publicBaseUrl, target.slug, target.domain), target.workspaceId, options, this.publicBudget);
  }

  private async code(text: string, workspaceId: string, options: QrOptions, budget: RenderBudget | undefined): Promise<QrCode> {
    const logo = options.logo ? await this.logos.find(workspaceId) : undefined;
    if (options.logo && !logo) throw new Conflict('This workspace has no QR-code logo: set one with PUT /v1/qr-logo, or leave out logo=true');
    // A logo hides the modules under it: the highest level of error correction restores them.
    const look: QrLook = { size: options.size, margin: options.margin, ecl: logo ? 'H' : options.ecl, fg: options.fg, bg: options.bg };
    const { format } = options;
    const etag = etagOf(text, format, look, logo);
    return {
      etag,
      contentType: CONTENT_TYPES[format],
      image: () => {
        const cached = this.cache.get(etag);
        if (cached) {
          this.outcomes.inc({ format, outcome: 'cached' });
          return cached;
        }
        if (budget && !budget.allows()) {
          this.outcomes.inc({ format, outcome: 'refused' });
          throw new Unavailable('Too many QR codes are being drawn right now; try again in a second', 1);
        }
        const started = performance.now();
        const image = draw(text, format, look, logo);
        budget?.spend(performance.now() - started);
        this.cache.set(etag, image);
        this.outcomes.inc({ format, outcome: 'rendered' });
        return image;
      },
      notModified: () => this.outcomes.inc({ format, outcome: 'not_modified' }),
    };
  }
}

function etagOf(text: string, format: QrFormat, look: QrLook, logo: QrLogo | undefined): string {
  const named = [RENDERER_VERSION, text, format, look.size, look.margin, look.ecl, look.fg, look.bg, logo?.digest ?? null];
  return `"${createHash('sha256').update(JSON.stringify(named)).digest('base64url').slice(0, 27)}"`;
}

/**
 * The slug key a public `GET /<slug>/qr` names, or undefined for any other
 * request: how a sharded deployment finds the shard of its link (LinksApi.slugOwner).
 */
export function qrSlugKey(method: string | undefined, path: string): string | undefined {
  const slugPath = /^(\/[^/]+)\/qr\/?$/i.exec(path)?.[1];
  // The slug as the redirect reads it: the same method, decoding and reserved paths.
  return slugPath === undefined ? undefined : redirectKey(method, slugPath);
}
