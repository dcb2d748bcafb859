"""benchmarks/load.py's verdict: the highest rate of a step with no error and a 95th percentile under 500 ms.
(The benchmark itself needs locust, kept out of the test requirements: run it by hand.)"""

from benchmarks.load import Step, report


def test_the_highest_rate_named_is_of_a_step_with_no_error_and_p95_under_500_ms():
    steps = [
        Step(50, requests=900, rate=30.0, median=20, p95=340, kinds=[]),
        Step(150, requests=2500, rate=87.0, median=60, p95=480, kinds=[]),
        Step(300, requests=4000, failures=3, rate=130.0, median=500, p95=450, kinds=[]),  # errors: does not count
        Step(400, requests=4100, rate=131.0, median=600, p95=2000, kinds=[]),  # too slow: does not count
    ]

    text = report(steps, {"date": "2026-12-02"}, markdown=True)

    assert "Highest rate with no error and p95 under 500 ms: 87.0 requests/s (150 visitors, p95 480 ms)." in text
    assert "| 300 | 4,000 | 130.0 | 500 | 450 | 3 |" in text


def test_no_step_meeting_the_goal_is_said_plainly():
    text = report([Step(10, requests=50, failures=1, rate=5.0, p95=100, kinds=[])], {}, markdown=False)

    assert "No step had no error and a 95th percentile under 500 ms." in text
