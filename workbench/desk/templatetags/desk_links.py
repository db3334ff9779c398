"""{% passage_url slug language key %}: links.passage_url in templates, so no template builds an editor link by hand."""
from __future__ import annotations

from django import template

from workbench.links import passage_url as build

register = template.Library()


@register.simple_tag
def passage_url(slug: str, language: str, key: str = "") -> str:
    return build(slug, language, key or None)
