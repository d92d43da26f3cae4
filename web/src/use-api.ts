import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api/client';

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  reload(): void;
}

/**
 * Loads what `load` reads, again whenever `deps` change or reload() is
 * called; an answer to an older request never replaces a newer one.
 */
export function useApi<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [version, setVersion] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const request = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => request === latest.current && setState({ data, loading: false }),
      (error: unknown) => request === latest.current && setState((previous) => ({ data: previous.data, error: asApiError(error), loading: false })),
    );
  }, [...deps, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}

export interface Action {
  busy: boolean;
  error: ApiError | undefined;
  /** Runs `act`, keeping its error for the form to show; resolves to its result, or undefined when it failed. */
  run<T>(act: () => Promise<T>): Promise<T | undefined>;
  clear(): void;
}

/** A form's submission: busy while it runs, its problem kept to show next to the fields. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const run = useCallback(async <T>(act: () => Promise<T>) => {
    setBusy(true);
    setError(undefined);
    try {
      return await act();
    } catch (caught) {
      setError(asApiError(caught));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: useCallback(() => setError(undefined), []) };
}

/** Calls `tick` every `ms` while the tab is visible, and at once when it becomes visible again. */
export function usePolling(tick: () => void, ms: number): void {
  const saved = useRef(tick);
  saved.current = tick;
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      stop();
      if (document.visibilityState === 'visible') timer = setInterval(() => saved.current(), ms);
    };
    const stop = () => timer !== undefined && clearInterval(timer);
    const onVisibility = () => {
      if (document.visibilityState === 'visible') saved.current();
      start();
    };
    start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [ms]);
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({ type: 'about:blank', title: 'Error', status: 0, detail: (error as Error).message ?? String(error), instance: '' });
}
