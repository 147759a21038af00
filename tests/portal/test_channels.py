"""The page publishing the organisation's channels: hotlines, mailbox, address and scope
(P2.4, P2.7, P2.14), read from each policy's `public_contact` section."""

from __future__ import annotations

from django.test import Client


def test_the_regulator_publishes_its_hotlines_mailbox_and_scope(setup_data):
    body = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get("/p/channels/").content.decode()
    # P2.4: the 12365 centre, the boiler section and the special-equipment section.
    for number in ["12365", "8533903", "8526752"]:
        assert f'href="tel:{number}"' in body
    assert "mailto:tsjc-jubao@example.org" in body  # P2.7 the website's complaint mailbox
    assert "压力管道" in body and "客运索道" in body  # P2.3 scope
    assert "质量月" in body  # P2.14 yearly publicity
    # Every preset publishes its channels; staff-only channels are not offered to the public.
    assert body.count('class="org"') == 5
    assert "内部转交" not in body and "API" not in body


def test_the_channels_are_shown_in_english_when_asked(setup_data):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/p/channels/"})
    body = client.get("/p/channels/").content.decode()
    assert "Boiler and pressure vessel section" in body
    assert "How to reach us" in body


def test_the_portal_pages_need_no_login_and_link_each_other(setup_data):
    client = Client()
    for path in ["/p/", "/p/submit/", "/p/track/", "/p/channels/", "/p/privacy/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        for link in ["/p/submit/", "/p/track/", "/p/channels/", "/p/privacy/"]:
            assert f'href="{link}' in body
        # Nothing is loaded from outside the product.
        assert "http://" not in body.replace("http://testserver", "") and "https://" not in body
