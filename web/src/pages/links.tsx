import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { CopyButton } from '../components/copy-button';
import { Select, TextField } from '../components/form';
import { ErrorNotice, Loading } from '../components/notice';
import { Page } from '../components/page';
import { formatDate } from '../format';
import { Link } from '../router';
import { useSession } from '../session';
import { useApi } from '../use-api';

const PAGE_SIZE = 25;

interface Filter {
  q: string;
  tag: string;
  domain: string;
}

/** The workspace's links, newest first, a page at a time (keyset: each page names the next). */
export function LinksPage() {
  const { can } = useSession();
  const [draft, setDraft] = useState<Filter>({ q: '', tag: '', domain: '' });
  const [filter, setFilter] = useState<Filter>(draft);
  // The cursors of the pages before this one, to go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const links = useApi(
    () => api('get', '/v1/links', { query: { limit: PAGE_SIZE, cursor, q: filter.q, tag: filter.tag, domain: filter.domain } }),
    [filter, cursor],
  );
  const domains = useApi(async () => (can('domains:read') ? (await api('get', '/v1/domains')).data : []), []);
  const verified = (domains.data ?? []).filter((domain) => domain.status === 'verified');

  const apply = (event: Event) => {
    event.preventDefault();
    setFilter(draft);
    setCursors([undefined]);
  };
  const nextCursor = links.data?.nextCursor ?? null;
  return (
    <Page
      title="Links"
      actions={
        can('links:write') && (
          <>
            <Link class="button" href="/app/links/new">
              New link
            </Link>
            <Link class="button secondary" href="/app/links/bulk">
              Bulk create
            </Link>
          </>
        )
      }
    >
      <form class="filters" role="search" aria-label="Filter links" onSubmit={apply}>
        <TextField label="Search" type="search" placeholder="URL, title or slug" value={draft.q} onInput={(q) => setDraft({ ...draft, q })} />
        <TextField label="Tag" value={draft.tag} onInput={(tag) => setDraft({ ...draft, tag })} />
        {verified.length > 0 && (
          <Select
            label="Domain"
            value={draft.domain}
            options={[['', 'All domains'], ...verified.map((d) => [d.hostname, d.hostname] as const)]}
            onChange={(domain) => setDraft({ ...draft, domain })}
          />
        )}
        <button type="submit" class="secondary">
          Apply
        </button>
      </form>
      <ErrorNotice error={links.error} />
      {links.loading && !links.data && <Loading />}
      {links.data && links.data.data.length === 0 && <p class="empty">No links{filter.q || filter.tag || filter.domain ? ' match' : ' yet'}.</p>}
      {links.data && links.data.data.length > 0 && (
        <div class="table-wrap">
          <table class="links">
            <caption class="visually-hidden">Links, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Short URL</th>
                <th scope="col">Destination</th>
                <th scope="col">Tags</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {links.data.data.map((link) => (
                <tr key={link.id}>
                  <td>
                    <Link href={`/app/links/${link.id}`}>{link.shortUrl.replace(/^https?:\/\//, '')}</Link>{' '}
                    <CopyButton text={link.shortUrl} label="Copy" />
                  </td>
                  <td class="url" title={link.url}>
                    {link.title && <span class="title">{link.title}</span>}
                    <span class="muted">{link.url}</span>
                  </td>
                  <td>
                    {link.tags.map((tag) => (
                      <span key={tag} class="tag">
                        {tag}
                      </span>
                    ))}
                  </td>
                  <td>{formatDate(link.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="Pages">
        <button type="button" class="secondary" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous page
        </button>
        <button type="button" class="secondary" disabled={nextCursor === null} onClick={() => nextCursor && setCursors([...cursors, nextCursor])}>
          Next page
        </button>
      </nav>
    </Page>
  );
}
