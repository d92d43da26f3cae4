import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type Body } from '../api/client';
import type { CreateLink, Link } from '../api/types';
import { Checkbox, FormError, Select, TextArea, TextField } from '../components/form';
import { ErrorNotice, Loading } from '../components/notice';
import { Page } from '../components/page';
import { fromLocalInput, toLocalInput } from '../format';
import { navigate } from '../router';
import { useSession } from '../session';
import { useAction, useApi } from '../use-api';
import { ruleDraft, ruleOf, TargetingEditor, VariantsEditor, type RuleDraft, type VariantDraft } from './link-rules';

type UpdateLink = Body<'/v1/links/{id}', 'patch'>;
type RedirectType = '301' | '302' | '307' | '308';
const UTM_FIELDS = ['source', 'medium', 'campaign', 'term', 'content'] as const;

/** The form's state: what the inputs hold, as text. */
interface Draft {
  url: string;
  slug: string;
  domain: string;
  title: string;
  tags: string;
  redirectType: RedirectType;
  forwardQuery: boolean;
  publicQr: boolean;
  expiresAt: string;
  maxClicks: string;
  password: string;
  removePassword: boolean;
  utm: Record<(typeof UTM_FIELDS)[number], string>;
  social: { enabled: boolean; title: string; description: string; image: string };
  targeting: RuleDraft[];
  variants: VariantDraft[];
}

function draftOf(link?: Link): Draft {
  return {
    url: link?.url ?? '',
    slug: link?.slug ?? '',
    domain: link?.domain ?? '',
    title: link?.title ?? '',
    tags: (link?.tags ?? []).join(', '),
    redirectType: String(link?.redirectType ?? 302) as RedirectType,
    forwardQuery: link?.forwardQuery ?? false,
    publicQr: link?.publicQr ?? true,
    expiresAt: toLocalInput(link?.expiresAt),
    maxClicks: link?.maxClicks == null ? '' : String(link.maxClicks),
    password: '',
    removePassword: false,
    utm: Object.fromEntries(UTM_FIELDS.map((field) => [field, link?.utm?.[field] ?? ''])) as Draft['utm'],
    social: {
      enabled: link?.socialPreview != null,
      title: link?.socialPreview?.title ?? '',
      description: link?.socialPreview?.description ?? '',
      image: link?.socialPreview?.image ?? '',
    },
    targeting: (link?.targeting ?? []).map(ruleDraft),
    variants: (link?.variants ?? []).map((v) => ({ name: v.name, url: v.url, weight: String(v.weight) })),
  };
}

/** The fields both a create and an update send; a create leaves out what is empty, an update clears it (null). */
function common(draft: Draft) {
  const utmEntries = UTM_FIELDS.filter((field) => draft.utm[field].trim() !== '').map((field) => [field, draft.utm[field].trim()]);
  return {
    url: draft.url.trim(),
    tags: draft.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
    redirectType: Number(draft.redirectType) as 301 | 302 | 307 | 308,
    forwardQuery: draft.forwardQuery,
    publicQr: draft.publicQr,
    targeting: draft.targeting.map(ruleOf),
    variants: draft.variants.map((v) => ({ ...(v.name.trim() ? { name: v.name.trim() } : {}), url: v.url.trim(), weight: Number(v.weight) })),
    utm: utmEntries.length > 0 ? Object.fromEntries(utmEntries) : null,
    socialPreview: draft.social.enabled
      ? { title: draft.social.title, description: draft.social.description || null, image: draft.social.image || null }
      : null,
    expiresAt: fromLocalInput(draft.expiresAt) ?? null,
    maxClicks: draft.maxClicks === '' ? null : Number(draft.maxClicks),
    title: draft.title.trim() || null,
  };
}

function createBody(draft: Draft): CreateLink {
  const { utm, socialPreview, expiresAt, maxClicks, title, ...rest } = common(draft);
  return {
    ...rest,
    ...(draft.slug.trim() ? { slug: draft.slug.trim() } : {}),
    ...(draft.domain ? { domain: draft.domain } : {}),
    ...(title ? { title } : {}),
    ...(utm ? { utm } : {}),
    ...(socialPreview ? { socialPreview } : {}),
    ...(expiresAt ? { expiresAt } : {}),
    ...(maxClicks !== null ? { maxClicks } : {}),
    ...(draft.password ? { password: draft.password } : {}),
  };
}

function updateBody(draft: Draft, link: Link): UpdateLink {
  const body: UpdateLink = { ...common(draft) };
  if (draft.slug.trim() !== link.slug) body.slug = draft.slug.trim();
  if (draft.removePassword) body.password = null;
  else if (draft.password) body.password = draft.password;
  return body;
}

/** Create a link (no id) or edit one: every option, the rarer ones in folded sections. */
export function LinkFormPage({ id }: { id?: string }) {
  const { can } = useSession();
  const existing = useApi(async () => (id ? api('get', '/v1/links/{id}', { params: { id } }) : undefined), [id]);
  const domains = useApi(async () => (can('domains:read') && !id ? (await api('get', '/v1/domains')).data : []), [id]);
  const [draft, setDraft] = useState<Draft>(draftOf());
  useEffect(() => {
    if (existing.data) setDraft(draftOf(existing.data));
  }, [existing.data]);
  const action = useAction();
  const errors = action.error?.fieldErrors() ?? {};
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  if (id && existing.loading && !existing.data) return <Loading />;
  if (id && existing.error) return <ErrorNotice error={existing.error} />;
  const link = existing.data;
  const submit = async (event: Event) => {
    event.preventDefault();
    const saved = await action.run(() =>
      link
        ? api('patch', '/v1/links/{id}', { params: { id: link.id }, body: updateBody(draft, link) })
        : api('post', '/v1/links', { body: createBody(draft) }),
    );
    if (saved) navigate(`/app/links/${saved.id}`);
  };
  const verified = (domains.data ?? []).filter((d) => d.status === 'verified');
  const has = (...fields: string[]) => Object.keys(errors).some((field) => fields.some((f) => field.startsWith(f)));

  return (
    <Page title={link ? `Edit ${link.slug}` : 'New link'}>
      <form class="link-form" onSubmit={(event) => void submit(event)} noValidate>
        <FormError error={action.error} />
        <TextField
          label="Destination URL"
          type="url"
          required
          value={draft.url}
          onInput={(v) => set('url', v)}
          error={errors.url}
          placeholder="https://"
        />
        <div class="row">
          {!link && verified.length > 0 && (
            <Select
              label="Domain"
              value={draft.domain}
              options={[['', 'Default domain'], ...verified.map((d) => [d.hostname, d.hostname] as const)]}
              onChange={(v) => set('domain', v)}
              error={errors.domain}
            />
          )}
          <TextField
            label="Slug"
            value={draft.slug}
            onInput={(v) => set('slug', v)}
            error={errors.slug}
            hint={link ? 'Changing it frees the old short URL.' : 'Left empty, 7 random characters.'}
          />
        </div>
        <div class="row">
          <TextField label="Title" value={draft.title} onInput={(v) => set('title', v)} error={errors.title} />
          <TextField label="Tags" hint="Comma-separated" value={draft.tags} onInput={(v) => set('tags', v)} error={errors.tags ?? errors['tags.0']} />
        </div>

        <Section title="Targeting rules" open={draft.targeting.length > 0 || has('targeting')}>
          <TargetingEditor rules={draft.targeting} onChange={(v) => set('targeting', v)} errors={errors} />
        </Section>
        <Section title="A/B variants" open={draft.variants.length > 0 || has('variants')}>
          <VariantsEditor variants={draft.variants} onChange={(v) => set('variants', v)} errors={errors} />
        </Section>
        <Section title="UTM parameters" open={UTM_FIELDS.some((f) => draft.utm[f]) || has('utm')}>
          <div class="row wrap">
            {UTM_FIELDS.map((field) => (
              <TextField
                key={field}
                label={`utm_${field}`}
                value={draft.utm[field]}
                onInput={(v) => set('utm', { ...draft.utm, [field]: v })}
                error={errors[`utm.${field}`]}
              />
            ))}
          </div>
        </Section>
        <Section title="Social preview" open={draft.social.enabled || has('socialPreview')}>
          <Checkbox
            label="Show link-preview crawlers a card of my own"
            checked={draft.social.enabled}
            onChange={(enabled) => set('social', { ...draft.social, enabled })}
          />
          {draft.social.enabled && (
            <>
              <TextField
                label="Card title"
                required
                value={draft.social.title}
                onInput={(title) => set('social', { ...draft.social, title })}
                error={errors['socialPreview.title']}
              />
              <TextArea
                label="Card description"
                rows={2}
                value={draft.social.description}
                onInput={(description) => set('social', { ...draft.social, description })}
                error={errors['socialPreview.description']}
              />
              <TextField
                label="Card image URL"
                type="url"
                value={draft.social.image}
                onInput={(image) => set('social', { ...draft.social, image })}
                error={errors['socialPreview.image']}
              />
            </>
          )}
        </Section>
        <Section
          title="Password, click limit and expiry"
          open={Boolean(draft.expiresAt || draft.maxClicks || link?.passwordProtected) || has('password', 'maxClicks', 'expiresAt')}
        >
          <TextField
            label={link?.passwordProtected ? 'New password' : 'Password'}
            type="password"
            autoComplete="new-password"
            value={draft.password}
            disabled={draft.removePassword}
            onInput={(v) => set('password', v)}
            error={errors.password}
            hint={link?.passwordProtected ? 'The link has a password; leave empty to keep it.' : 'Visitors must enter it before they are redirected.'}
          />
          {link?.passwordProtected && (
            <Checkbox label="Remove the password" checked={draft.removePassword} onChange={(v) => set('removePassword', v)} />
          )}
          <div class="row">
            <TextField
              label="Click limit"
              type="number"
              min={1}
              inputMode="numeric"
              value={draft.maxClicks}
              onInput={(v) => set('maxClicks', v)}
              error={errors.maxClicks}
              hint="After this many visits the short URL stops working."
            />
            <TextField
              label="Expires at"
              type="datetime-local"
              value={draft.expiresAt}
              onInput={(v) => set('expiresAt', v)}
              error={errors.expiresAt}
            />
          </div>
        </Section>
        <Section title="Redirect" open={draft.redirectType !== '302' || draft.forwardQuery || !draft.publicQr || has('redirectType')}>
          <Select
            label="Redirect status"
            value={draft.redirectType}
            options={[
              ['302', '302 Found (temporary)'],
              ['301', '301 Moved permanently'],
              ['307', '307 Temporary redirect'],
              ['308', '308 Permanent redirect'],
            ]}
            onChange={(v) => set('redirectType', v)}
            error={errors.redirectType}
          />
          <Checkbox
            label="Pass the short URL's query string on to the destination"
            checked={draft.forwardQuery}
            onChange={(v) => set('forwardQuery', v)}
          />
          <Checkbox label="Anyone may get the QR code at /<slug>/qr" checked={draft.publicQr} onChange={(v) => set('publicQr', v)} />
        </Section>

        <div class="actions">
          <button type="submit" disabled={action.busy}>
            {action.busy ? 'Saving…' : link ? 'Save changes' : 'Create link'}
          </button>
          <button type="button" class="secondary" onClick={() => history.back()}>
            Cancel
          </button>
        </div>
      </form>
    </Page>
  );
}

/** A folded part of the form, opened when it holds something (or a problem). */
function Section({ title, open, children }: { title: string; open: boolean; children: ComponentChildren }) {
  const [isOpen, setOpen] = useState(open);
  useEffect(() => {
    if (open) setOpen(true);
  }, [open]);
  return (
    <details class="section" open={isOpen} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{title}</summary>
      <div class="section-body">{children}</div>
    </details>
  );
}
