"""The repository's own tooling. Never imported by a snapshot in steps/."""
