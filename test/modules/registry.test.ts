import request from 'supertest';
import { selectModules } from '../../src/registry';
import { createTestApp } from '../support/app';

describe('MODULES (enabling a subset of modules)', () => {
  it('enables every registered module when unset', () => {
    expect(selectModules(undefined).map((e) => e.definition.name)).toContain('identity');
  });

  it('rejects unknown module names', () => {
    expect(() => selectModules(['identity', 'billing'])).toThrow(/unknown modules: billing/);
  });

  it('serves only the enabled modules', async () => {
    const t = await createTestApp({ MODULES: 'identity' });
    try {
      await request(t.app).get('/v1/workspace').expect(401);
    } finally {
      await t.close();
    }
  });
});
