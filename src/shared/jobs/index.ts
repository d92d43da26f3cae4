export { defineTask, InvalidJobPayload, type TaskDefinition } from './task';
export { enqueue, enqueueAll, type EnqueueOptions } from './enqueue';
export { cronItems, JobRunner, migrateJobs, type JobSettings } from './runner';
export { registerQueueDepth } from './queue-depth';
export { listFailedJobs, retryFailedJobs, type FailedJob } from './failed';
export { liveJobKeys } from './live-keys';
