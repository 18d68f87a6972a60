-- Ideas for a budget (ideas.h): what residents put forward, with the officer's assessment, merges and
-- the project each became on the shortlist; who supports each (one row a person, never a counter) and
-- the comments. Authors are kept by account id without a foreign key, as budget_processes.created_by
-- is: an account's deletion clears them (ideas_personal_data.cpp). Money in pence; times in UTC
-- microseconds.
CREATE TABLE budget_ideas (
  id {{id}},
  process_id BIGINT NOT NULL REFERENCES budget_processes (id) ON DELETE CASCADE,
  author_id BIGINT,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  ward_code TEXT NOT NULL DEFAULT '',          -- '' for the whole locality
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  estimate BIGINT CHECK (estimate > 0),        -- the resident's guess
  feasibility TEXT NOT NULL DEFAULT 'unassessed'
    CHECK (feasibility IN ('unassessed', 'feasible', 'not_feasible')),
  feasibility_reason TEXT NOT NULL DEFAULT '',
  officer_cost BIGINT CHECK (officer_cost > 0),
  merged_into BIGINT REFERENCES budget_ideas (id),
  hidden INTEGER NOT NULL DEFAULT 0,           -- by a moderator
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX budget_ideas_by_process ON budget_ideas (process_id, id);
CREATE INDEX budget_ideas_by_author ON budget_ideas (author_id);

CREATE TABLE budget_idea_supports (
  idea_id BIGINT NOT NULL REFERENCES budget_ideas (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (idea_id, user_id)
);
CREATE INDEX budget_idea_supports_by_user ON budget_idea_supports (user_id);

CREATE TABLE budget_idea_comments (
  id {{id}},
  idea_id BIGINT NOT NULL REFERENCES budget_ideas (id) ON DELETE CASCADE,
  author_id BIGINT,
  body TEXT NOT NULL,
  hidden INTEGER NOT NULL DEFAULT 0,           -- by a moderator
  created_at BIGINT NOT NULL
);
CREATE INDEX budget_idea_comments_by_idea ON budget_idea_comments (idea_id, id);
CREATE INDEX budget_idea_comments_by_author ON budget_idea_comments (author_id);

-- The idea a shortlisted project came from; each idea becomes at most one project.
ALTER TABLE budget_projects ADD COLUMN idea_id BIGINT REFERENCES budget_ideas (id);
CREATE UNIQUE INDEX budget_projects_by_idea ON budget_projects (idea_id);
