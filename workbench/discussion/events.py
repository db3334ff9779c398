"""What happens once a comment is written: the one place other parts of the workbench hook into a discussion.

`threads.add_comment` calls `commented` inside its transaction, after the comment and its mentions are saved, so
whatever is added here (the notifications of issue 25: telling the people mentioned, and the others in the thread)
is written with the comment or not at all; anything sent outside the database (mail) belongs in
`transaction.on_commit` (notifications does so).

The people mentioned are told (notifications.events.mentioned). A send-back's own comment tells nobody here: the
send-back itself tells the translator (desk/workflow.py)."""
from __future__ import annotations

from workbench.declarations.models import Passage
from workbench.discussion.models import Comment
from workbench.notifications.events import mentioned


def commented(comment: Comment) -> None:
    """A comment was added to `comment.thread` (its mentions are saved: `comment.mentions`)."""
    users = [mention.user for mention in comment.mentions.select_related("user")]
    if users:
        passage = Passage.objects.select_related("declaration").get(pk=comment.thread.passage_id)
        mentioned(users, passage, comment.thread.language, comment.author)
