"""url_of, row_url and {% url_of %} give the same URL as reverse, for every id."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from iop.row_urls import row_url, url_of


@pytest.mark.parametrize(
    "name", ["participants:detail", "participants:queue_reorder", "iop:partnership_detail"]
)
def test_row_url_equals_reverse(name):
    url = row_url(name)
    for pk in (1, 7, 2147483647, 99388):
        assert url(pk) == reverse(name, args=[pk])


def test_url_of_fills_several_ids_in_order():
    assert url_of("iop:staff_edit", 3, 41) == reverse("iop:staff_edit", args=[3, 41])
    assert row_url("iop:staff_delete", 12)(5) == reverse("iop:staff_delete", args=[12, 5])


def test_url_of_tag_renders_like_url_tag():
    context = Context({"p": 4, "s": 2147483641})
    fast = Template("{% load iop_links %}{% url_of 'iop:staff_edit' p s %}").render(context)
    assert fast == Template("{% url 'iop:staff_edit' p s %}").render(context)


def test_url_of_rejects_an_id_that_is_not_a_number():
    with pytest.raises(ValueError):
        url_of("participants:detail", "1/../2")
