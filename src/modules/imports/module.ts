import { importsMigrations } from '../../../migrations/imports';
import { callerAuth } from '../../shared/http/auth';
import type { ModuleDefinition } from '../../shared/module';
import type { IdentityApi } from '../identity';
import type { LinksApi } from '../links';
import type { ImportsApi } from './api';
import { RunsRepository } from './data/runs-repository';
import { importsRouter } from './http/routes';
import { ImportRunner } from './import-runner';
import { pruneUploadsTask } from './jobs/prune-uploads.job';
import { runImportTask } from './jobs/run-import.job';
import { importsMetrics } from './metrics';
import { ImportsService } from './service';
import { importsSettings, type ImportsSettings } from './settings';

export interface ImportsDeps {
  identity: IdentityApi;
  links: LinksApi;
}

export const importsModule: ModuleDefinition<ImportsApi, ImportsDeps, ImportsSettings> = {
  name: 'imports',
  description:
    "Imports of other link platforms' exports (Shlink, YOURLS, Kutt, Bitly, any CSV, Shortline's own) as background runs, creating links through links' API.",
  dependsOn: ['identity', 'links'],
  migrations: importsMigrations,
  settings: importsSettings,
  create({ db, settings, logger, metrics, rateLimits }, { identity, links }) {
    const repository = new RunsRepository(db);
    const runTask = runImportTask(new ImportRunner(repository, links, importsMetrics(metrics), logger));
    const service = new ImportsService(db, runTask);
    return {
      api: {},
      router: importsRouter(service, callerAuth(identity, { metrics, rateLimits }), settings.maxUploadBytes),
      tasks: [runTask, pruneUploadsTask(repository, logger)],
      workspaceData: { tables: ['imports.runs', 'imports.failures', 'imports.file_chunks'] },
    };
  },
};
