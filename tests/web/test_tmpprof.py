import cProfile
import pstats
import time


def test_prof(desk, registered):
    r = desk("handler", "wy_engineering")
    head = desk("department_head", "wy_engineering")
    rec = desk("receptionist", "wy_customer_service")
    for i in range(60):
        registered(rec, content=f"x{i}")
    c = registered(rec)
    for who in (r, rec, head):
        for path in ["/desk/", "/desk/register/", f"/desk/cases/{c.number}/"]:
            who.get(path)
            t = time.perf_counter()
            for _ in range(10):
                who.get(path)
            print(path, (time.perf_counter() - t) * 100, "ms")
    pr = cProfile.Profile()
    pr.enable()
    for _ in range(10):
        head.get(f"/desk/cases/{c.number}/")
    pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(45)
