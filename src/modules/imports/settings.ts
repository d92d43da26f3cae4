import { byteCount, defineSettings, variable } from '../../shared/config';

export const importsSettings = defineSettings({
  title: 'Imports',
  variables: {
    IMPORTS_MAX_UPLOAD: variable(byteCount, {
      default: '100mb',
      doc: 'Largest file `POST /v1/imports` accepts (`b`, `kb`, `mb`); a larger one gets 413. The file is streamed into the database, never held in memory whole.',
    }),
  },
  build: (e) => ({ maxUploadBytes: e.IMPORTS_MAX_UPLOAD }),
});

export type ImportsSettings = ReturnType<typeof importsSettings.read>;
