import { ConfigError, readAll, readPlatformConfig, type Config, type Env } from '../shared/config';
import type { AnalyticsSettings } from '../modules/analytics';
import type { AuditSettings } from '../modules/audit';
import type { DomainsSettings } from '../modules/domains';
import type { IdentitySettings } from '../modules/identity';
import type { ImportsSettings } from '../modules/imports';
import type { LinksSettings } from '../modules/links';
import type { WebhooksSettings } from '../modules/webhooks';
import { registry } from './registry';

/** Every module's settings, by module name. */
export interface ModuleSettings {
  identity: IdentitySettings;
  domains: DomainsSettings;
  links: LinksSettings;
  analytics: AnalyticsSettings;
  webhooks: WebhooksSettings;
  audit: AuditSettings;
  imports: ImportsSettings;
}

/** The platform's configuration and every module's settings. */
export interface ShortlineConfig extends Config {
  settings: ModuleSettings;
}

/**
 * Reads the platform's settings and those of every module of the build —
 * enabled in this process or not, since a module's remote client uses its
 * settings too — and reports every problem at once.
 */
export function loadConfig(env: Env = process.env): ShortlineConfig {
  const problems: string[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const platform = attempt(() => readPlatformConfig(env));
  const declared = Object.fromEntries(registry.flatMap((definition) => (definition.settings ? [[definition.name, definition.settings]] : [])));
  const settings = attempt(() => readAll(declared, env));
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...platform!, settings: settings as unknown as ModuleSettings };
}

/** For process entry points: the config, or its problems on stderr and exit code 1. */
export function loadConfigOrExit(env: Env = process.env): ShortlineConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    process.exit(1);
  }
}
