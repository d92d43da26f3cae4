import type { ComponentChildren } from 'preact';
import { api } from './api/client';
import { Link, navigate, usePlace } from './router';
import { useSession } from './session';
import { useAction } from './use-api';

const SECTIONS = [
  ['/app/links', 'Links'],
  ['/app/analytics', 'Analytics'],
  ['/app/settings', 'Settings'],
  ['/app/account', 'Account'],
] as const;

/** The signed-in frame: a skip link, the main navigation, the workspace and the way out. */
export function Layout({ children }: { children: ComponentChildren }) {
  const { path } = usePlace();
  const { session, signOut } = useSession();
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link class="brand" href="/app/links">
          Shortline
        </Link>
        <nav aria-label="Main">
          <ul>
            {SECTIONS.map(([href, label]) => (
              <li key={href}>
                <Link href={href} aria-current={path === href || path.startsWith(`${href}/`) ? 'page' : undefined}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          {session.memberships.length > 1 ? <WorkspaceSwitcher /> : <span class="workspace-name">{session.workspace.name}</span>}
          <button type="button" class="secondary small" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main">{children}</main>
    </>
  );
}

function WorkspaceSwitcher() {
  const { session, replace } = useSession();
  const action = useAction();
  const change = async (workspaceId: string) => {
    const next = await action.run(() => api('post', '/v1/session/workspace', { body: { workspaceId } }));
    if (!next) return;
    replace(next);
    // What the old workspace's page showed means nothing in the new one.
    navigate('/app/links');
  };
  return (
    <label class="switcher">
      <span class="visually-hidden">Workspace</span>
      <select value={session.workspace.id} disabled={action.busy} onChange={(event) => void change(event.currentTarget.value)}>
        {session.memberships.map(({ workspace, role }) => (
          <option key={workspace.id} value={workspace.id}>
            {workspace.name} ({role})
          </option>
        ))}
      </select>
      {action.error && <span role="alert">{action.error.problem.detail}</span>}
    </label>
  );
}

const SETTINGS = [
  ['/app/settings/domains', 'Domains', 'domains:read'],
  ['/app/settings/api-keys', 'API keys', 'keys:write'],
  ['/app/settings/webhooks', 'Webhooks', 'webhooks:read'],
  ['/app/settings/members', 'Members', 'members:read'],
  ['/app/settings/audit', 'Audit trail', 'audit:read'],
] as const;

/** The settings' own navigation: only the sections the role may open. */
export function SettingsNav() {
  const { path } = usePlace();
  const { can } = useSession();
  return (
    <nav aria-label="Settings" class="subnav">
      <ul>
        {SETTINGS.filter(([, , scope]) => can(scope)).map(([href, label]) => (
          <li key={href}>
            <Link href={href} aria-current={path.startsWith(href) ? 'page' : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The first settings section the role may open: /app/settings goes there. */
export function firstSettingsSection(can: (scope: (typeof SETTINGS)[number][2]) => boolean): string {
  return SETTINGS.find(([, , scope]) => can(scope))?.[0] ?? '/app/account';
}
