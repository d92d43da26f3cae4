import { defineSettings, integer, onOff, variable } from '../../shared/config';

export const auditSettings = defineSettings({
  title: 'Audit trail',
  variables: {
    AUDIT_RETENTION_DAYS: variable(integer(1, 36_500), {
      default: '365',
      doc: 'Days an audit entry is kept; a daily job deletes older ones.',
    }),
    AUDIT_LINK_CHANGES: variable(onOff, {
      default: 'on',
      doc: '`on`: link creates, updates and deletes are in the audit trail, each at the cost of a delivery job, and a link create then takes a transaction instead of one statement (ADR 0006); `off`: the trail leaves links out (keys, domains, webhooks and members stay in it).',
    }),
  },
  build: (e) => ({
    retentionDays: e.AUDIT_RETENTION_DAYS,
    /** Whether the trail records links' events; off, it tells publishers it hears none (an empty audience). */
    linkChanges: e.AUDIT_LINK_CHANGES,
  }),
});

export type AuditSettings = ReturnType<typeof auditSettings.read>;
