-- Delivery of funded projects: officers' dated updates, newest last; a project's status and progress
-- are its latest update's (none: not started).
CREATE TABLE budget_delivery_updates (
  id {{id}},
  project_id BIGINT NOT NULL REFERENCES budget_projects (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'cancelled')),
  progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
  note TEXT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX budget_delivery_updates_by_project ON budget_delivery_updates (project_id, id);
