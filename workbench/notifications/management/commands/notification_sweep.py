from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from workbench.notifications.sweep import deadline_sweep


class Command(BaseCommand):
    help = ("Make the deadline notices (due within two days, overdue) for every task not fully approved; safe to "
            "run more than once a day (cron: once a day).")  # fmt: skip

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None,
                            help="the day to sweep for, YYYY-MM-DD (default: today)")  # fmt: skip

    def handle(self, *args: Any, date: datetime.date | None, **options: Any) -> None:
        report = deadline_sweep(date)
        self.stdout.write(f"{report.tasks} tasks due soon or overdue, {report.made} new notices")
