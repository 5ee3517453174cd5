"""Long work in the background with progress (issue 15.3): a Job row per export, run by RQ on Redis
(RAKER_REDIS_URL, `flask jobs worker`) or, without Redis, by worker threads inside the app's process."""
