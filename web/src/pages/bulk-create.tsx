import { useState } from 'preact/hooks';
import { api, type Answer } from '../api/client';
import type { CreateLink } from '../api/types';
import { CopyButton } from '../components/copy-button';
import { FormError, TextArea } from '../components/form';
import { Page } from '../components/page';
import { Link } from '../router';
import { useAction } from '../use-api';

type Outcome = Answer<'/v1/links/bulk', 'post'>;

/** `https://example.com/a` or `https://example.com/a spring-sale`: a URL, and a slug if wanted. */
function linksOf(text: string): CreateLink[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [url, slug] = line.split(/\s+/);
      return slug ? { url, slug } : { url };
    });
}

/** Many links at once, from pasted lines; each line's outcome on its own. */
export function BulkCreatePage() {
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const action = useAction();
  const lines = linksOf(text);
  const submit = async (event: Event) => {
    event.preventDefault();
    const result = await action.run(() => api('post', '/v1/links/bulk', { body: { links: lines } }));
    if (result) setOutcome(result);
  };
  return (
    <Page title="Bulk create links">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <FormError error={action.error} />
        <TextArea
          label="Links"
          hint="One a line: the destination URL, optionally followed by a space and the slug."
          rows={10}
          value={text}
          onInput={setText}
          error={action.error?.fieldErrors().links}
          spellcheck={false}
        />
        <button type="submit" disabled={action.busy || lines.length === 0}>
          {action.busy ? 'Creating…' : `Create ${lines.length} link${lines.length === 1 ? '' : 's'}`}
        </button>
      </form>
      {outcome && (
        <section aria-labelledby="bulk-results">
          <h2 id="bulk-results">
            {outcome.created} created, {outcome.failed} failed
          </h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {outcome.results.map((result) => (
                  <tr key={result.index}>
                    <td>{result.index + 1}</td>
                    <td>
                      {'link' in result ? (
                        <>
                          <Link href={`/app/links/${result.link.id}`}>{result.link.shortUrl}</Link> <CopyButton text={result.link.shortUrl} />
                        </>
                      ) : (
                        <span class="field-error">
                          {result.error.detail}
                          {(result.error.errors ?? []).map((e) => ` ${e.field}: ${e.message}.`)}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </Page>
  );
}
