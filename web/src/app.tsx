import type { JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, setCsrfToken, whenUnauthenticated, type ApiError } from './api/client';
import type { Session } from './api/types';
import { ErrorNotice, Loading } from './components/notice';
import { Page } from './components/page';
import { firstSettingsSection, Layout } from './layout';
import { AccountPage } from './pages/account';
import { AnalyticsPage } from './pages/analytics';
import { BulkCreatePage } from './pages/bulk-create';
import { InvitePage } from './pages/invite';
import { ForgotPasswordPage, ResetPasswordPage } from './pages/password-reset';
import { LinkDetailPage } from './pages/link-detail';
import { LinkFormPage } from './pages/link-form';
import { LinksPage } from './pages/links';
import { ApiKeysPage } from './pages/settings/api-keys';
import { AuditPage } from './pages/settings/audit';
import { DomainsPage } from './pages/settings/domains';
import { MembersPage } from './pages/settings/members';
import { WebhookPage } from './pages/settings/webhook';
import { WebhooksPage } from './pages/settings/webhooks';
import { SignInPage } from './pages/sign-in';
import { Link, matchPath, navigate, usePlace } from './router';
import { SessionContext, type SessionState } from './session';

type Route = [pattern: string, page: (params: Record<string, string>) => JSX.Element];

/** The signed-in pages, by path; the first that matches shows. */
const ROUTES: Route[] = [
  ['/app/links', () => <LinksPage />],
  ['/app/links/new', () => <LinkFormPage />],
  ['/app/links/bulk', () => <BulkCreatePage />],
  ['/app/links/:id', ({ id }) => <LinkDetailPage id={id} />],
  ['/app/links/:id/edit', ({ id }) => <LinkFormPage id={id} />],
  ['/app/analytics', () => <AnalyticsPage />],
  ['/app/settings/domains', () => <DomainsPage />],
  ['/app/settings/api-keys', () => <ApiKeysPage />],
  ['/app/settings/webhooks', () => <WebhooksPage />],
  ['/app/settings/webhooks/:id', ({ id }) => <WebhookPage id={id} />],
  ['/app/settings/members', () => <MembersPage />],
  ['/app/settings/audit', () => <AuditPage />],
  ['/app/account', () => <AccountPage />],
];

/** Pages for someone not signed in. */
const PUBLIC = ['/app/sign-in', '/app/invite', '/app/forgot', '/app/reset'];

export function App() {
  const place = usePlace();
  // undefined while asking the server; null: nobody is signed in.
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [failure, setFailure] = useState<ApiError | undefined>();

  const replace = (next: Session | null) => {
    setCsrfToken(next?.csrfToken);
    setSession(next);
  };
  useEffect(() => {
    whenUnauthenticated(() => replace(null));
    api('get', '/v1/session', { quiet401: true }).then(replace, (error: ApiError) => (error.status === 401 ? replace(null) : setFailure(error)));
  }, []);

  const state = useMemo<SessionState | null>(
    () =>
      session
        ? {
            session,
            can: (scope) => session.scopes.includes(scope),
            replace,
            signOut: async () => {
              await api('delete', '/v1/session').catch(() => undefined);
              replace(null);
            },
          }
        : null,
    [session],
  );

  const isPublic = PUBLIC.includes(place.path);
  // Where a sign-in returns to: the page that asked for it.
  useEffect(() => {
    if (session === null && !isPublic) navigate(`/app/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    if (session && place.path === '/app/sign-in') navigate(safeNext(place.search.get('next')), { replace: true });
    if (session && (place.path === '/app' || place.path === '/')) navigate('/app/links', { replace: true });
    if (session && place.path === '/app/settings') navigate(firstSettingsSection(state!.can), { replace: true });
  }, [session, place.path]);

  if (failure) return <ErrorNotice error={failure} />;
  if (place.path === '/app/invite') return <InvitePage onSignedIn={replace} />;
  if (place.path === '/app/forgot') return <ForgotPasswordPage />;
  if (place.path === '/app/reset') return <ResetPasswordPage />;
  if (session === undefined) return <Loading />;
  if (session === null) return <SignInPage onSignedIn={replace} />;
  return (
    <SessionContext.Provider value={state}>
      {/* Keyed by workspace: a switch remounts every page, so none keeps the other workspace's data. */}
      <Layout key={session.workspace.id}>{route(place.path)}</Layout>
    </SessionContext.Provider>
  );
}

function route(path: string): JSX.Element {
  for (const [pattern, page] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params) return page(params);
  }
  return (
    <Page title="Page not found">
      <p>
        There is no page at this address. <Link href="/app/links">Go to your links</Link>.
      </p>
    </Page>
  );
}

/** Only a path of the dashboard: a `next` naming another site would make sign-in an open redirect. */
function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/app/') && !next.startsWith('/app/sign-in') ? next : '/app/links';
}
