"""AppTest of the home page (app.py): a link with presentation mode on carries it in every page link."""

from streamlit.testing.v1 import AppTest


def test_link_params_carry_presentation_mode(app_copy):
    at = AppTest.from_file(str(app_copy / "app.py"), default_timeout=60)
    at.query_params["present"] = "yes"
    at.run()
    assert not at.exception
    links = at.get("page_link")
    assert links and all(link.proto.query_string == "lang=en&present=true" for link in links)
