"""The evaluation pages: an organization's periods, the grading page of an organization and a
period, one evaluation's page and a member's own evaluations."""
