"""The scheduler: module-level jobs that call the sweep services."""
