"""A results.json seen one check at a time, as tests ask about checks (Gradescope's tests are
one per function since format 3, with the checks inside each test's extra_data)."""


def per_check(data: dict) -> list[dict]:
    """One entry per check: name, score, max_score, status and visibility at the top, and every
    field of the check (outcome, function, public, misconception...) under extra_data."""
    found = []
    for test in data.get("tests", []):
        for check in test["extra_data"]["checks"]:
            found.append(
                {
                    "name": check["name"],
                    "score": check["score"],
                    "max_score": check["max_score"],
                    "status": "passed" if check["outcome"] == "passed" else "failed",
                    "visibility": check["visibility"],
                    "extra_data": check,
                }
            )
    return found
