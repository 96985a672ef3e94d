from .test_desk_a11y import approved_then_changed
from .conftest import editorial_step


def test_shots(browser, desks, site_repo, people):
    page = approved_then_changed(site_repo, people)
    editorial_step(site_repo, people["ann"], "new", "docs/articles/draft-one.md", "--title", "A draft in progress")
    for handle in ("rita", "ann"):
        desk = desks(handle)
        for w, h in ((1280, 900), (390, 844)):
            context = browser.new_context(viewport={"width": w, "height": h})
            tab = context.new_page()
            tab.goto(desk.launch)
            if handle == "rita" and w == 1280:
                tab.goto(f"{desk.base}/page?path={page}")
                tab.fill("#comment-line", "8")
                tab.fill("#comment-text", "Is this sentence sourced?")
                tab.click("[data-desk=comment]")
            for i, path in enumerate(("/", f"/page?path={page}", f"/write?path={page}", "/new")):
                tab.goto(desk.base + path)
                tab.wait_for_load_state("networkidle")
                tab.wait_for_timeout(300)
                tab.screenshot(path=f"/tmp/desk-{handle}-{i}-{w}.png", full_page=(w == 1280))
            context.close()
