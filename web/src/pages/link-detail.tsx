import { api, urlOf } from '../api/client';
import type { Link as ShortLink } from '../api/types';
import { CopyButton } from '../components/copy-button';
import { ErrorNotice, Loading } from '../components/notice';
import { Page } from '../components/page';
import { StatsPanel } from '../components/stats-panel';
import { formatDateTime } from '../format';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useAction, useApi } from '../use-api';

/** One link: where it goes and under which rules, its QR code, and its clicks. */
export function LinkDetailPage({ id }: { id: string }) {
  const { can } = useSession();
  const link = useApi(() => api('get', '/v1/links/{id}', { params: { id } }), [id]);
  const removal = useAction();
  if (link.error) return <ErrorNotice error={link.error} />;
  if (!link.data) return <Loading />;
  const l = link.data;
  const remove = async () => {
    if (!window.confirm(`Delete ${l.shortUrl}? The short URL stops working at once, and its stats go.`)) return;
    const done = await removal.run(async () => {
      await api('delete', '/v1/links/{id}', { params: { id } });
      return true;
    });
    if (done) navigate('/app/links');
  };
  return (
    <Page
      title={l.title ?? l.slug}
      actions={
        can('links:write') && (
          <>
            <Link class="button" href={`/app/links/${id}/edit`}>
              Edit
            </Link>
            <button type="button" class="danger" onClick={() => void remove()} disabled={removal.busy}>
              Delete
            </button>
          </>
        )
      }
    >
      <ErrorNotice error={removal.error} />
      <div class="detail">
        <section class="card" aria-label="Link">
          <p class="short-url">
            <a href={l.shortUrl}>{l.shortUrl}</a> <CopyButton text={l.shortUrl} />
          </p>
          <dl class="facts">
            <dt>Destination</dt>
            <dd class="url">{l.url}</dd>
            {l.tags.length > 0 && (
              <>
                <dt>Tags</dt>
                <dd>{l.tags.join(', ')}</dd>
              </>
            )}
            <dt>Rules</dt>
            <dd>{describeRules(l)}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(l.createdAt)}</dd>
            {l.expiresAt && (
              <>
                <dt>Expires</dt>
                <dd>{formatDateTime(l.expiresAt)}</dd>
              </>
            )}
          </dl>
        </section>
        <QrCode link={l} />
      </div>
      <h2>Clicks</h2>
      {can('analytics:read') ? (
        <StatsPanel linkId={id} hasVariants={l.variants.length > 0} />
      ) : (
        <p class="muted">Your role does not show analytics.</p>
      )}
    </Page>
  );
}

function describeRules(link: ShortLink): string {
  const parts = [
    link.targeting.length > 0 && `${link.targeting.length} targeting rule${link.targeting.length === 1 ? '' : 's'}`,
    link.variants.length > 0 && `A/B split over ${link.variants.length} variants`,
    link.utm && 'UTM parameters',
    link.socialPreview && 'its own social preview',
    link.passwordProtected && 'a password',
    link.maxClicks !== null && `a limit of ${link.maxClicks} clicks`,
    `${link.redirectType} redirect`,
  ].filter(Boolean);
  return parts.join(', ');
}

/** The QR code, shown as SVG; the session cookie authenticates the image requests, so downloads are plain links. */
function QrCode({ link }: { link: ShortLink }) {
  const url = (format: 'svg' | 'png', size: number) => urlOf('/v1/links/{id}/qr', { id: link.id }, { format, size });
  return (
    <section class="card qr" aria-labelledby="qr-heading">
      <h2 id="qr-heading">QR code</h2>
      <img src={url('svg', 240)} width={240} height={240} alt={`QR code of ${link.shortUrl}`} />
      <p class="actions">
        <a class="button secondary small" href={url('png', 1024)} download={`${link.slug}.png`}>
          Download PNG
        </a>
        <a class="button secondary small" href={url('svg', 1024)} download={`${link.slug}.svg`}>
          Download SVG
        </a>
      </p>
    </section>
  );
}
