import type { SampleLoadResult } from '../../../../shared/sync/sync.js';
import type { EngineServices } from '../services.js';
import { secretsOf } from './connection-label.js';
import type { Area, HandlerTable } from './handler.js';

export function sampleHandlers(s: EngineServices): HandlerTable<Area<'sample'>> {
  return {
    async 'sample.loadSoftcart'({ sourceProfileId, warehouseProfileId }) {
      const [sourceProfile, warehouseProfile] = await Promise.all([s.profiles.get(sourceProfileId), s.profiles.get(warehouseProfileId)]);
      const [source, warehouse] = await Promise.all([
        s.resolveConnection({ profileId: sourceProfile.id }),
        s.resolveConnection({ profileId: warehouseProfile.id }),
      ]);
      const { runId } = s.runs.start<SampleLoadResult>(
        'sample',
        `Load the SoftCart sample into ${sourceProfile.name} and ${warehouseProfile.name}`,
        async (ctx) => {
          const { loadSoftcartSample } = await import('../../sample/softcart-sample.js');
          return loadSoftcartSample({ source, warehouse }, ctx);
        },
        (record, result) => {
          record.sample = result;
        },
        { secrets: secretsOf(source, warehouse) },
      );
      return { runId };
    },
  };
}
