import { Page } from '../components/page';
import { StatsPanel } from '../components/stats-panel';
import { TIME_ZONE } from '../format';

export function AnalyticsPage() {
  return (
    <Page title="Analytics">
      <p class="muted">All links of the workspace, in your time zone ({TIME_ZONE}). Bots are counted apart; the page refreshes while it is open.</p>
      <StatsPanel />
    </Page>
  );
}
