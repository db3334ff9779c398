from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from workbench.notifications.sweep import send_digests


class Command(BaseCommand):
    help = ("Mail the daily digest to everyone with digest notices not mailed yet: at most one per person and day, "
            "so it is safe to run again (cron: once a day, after notification_sweep).")  # fmt: skip

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None,
                            help="the digest's day, YYYY-MM-DD (default: today)")  # fmt: skip

    def handle(self, *args: Any, date: datetime.date | None, **options: Any) -> None:
        self.stdout.write(f"{send_digests(date)} digests sent")
