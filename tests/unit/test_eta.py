"""The straight-line model's k fastest units, and how `fastest_k` orders them."""
import numpy as np

from dashboard.core.eta import StraightLineModel, fastest_k


def test_straight_line_nearest_is_the_top_k_of_its_matrix():
    rng = np.random.default_rng(1)
    ulon, ulat = rng.uniform(0.3, 0.9, 300), rng.uniform(51.3, 51.45, 300)
    ilon, ilat = rng.uniform(0.3, 0.9, 20), rng.uniform(51.3, 51.45, 20)
    model = StraightLineModel()
    idx, eta = model.nearest_s(ulon, ulat, ilon, ilat, 5)
    full = model.eta_matrix_s(ulon, ulat, ilon, ilat)
    np.testing.assert_array_equal(idx, np.argsort(full, axis=1, kind="stable")[:, :5])
    np.testing.assert_allclose(eta, np.sort(full, axis=1)[:, :5])
    assert model.nearest_s(ulon[:2], ulat[:2], ilon, ilat, 5)[0].shape == (20, 2)     # k over the fleet
    assert model.nearest_s(ulon[:0], ulat[:0], ilon, ilat, 5)[0].shape == (20, 0)     # no units


def test_equal_etas_go_by_unit_index_even_at_the_last_place():
    """Two crews at the same station: the lower index first, and it is the one kept at the k-th place."""
    eta = np.array([[300.0, 120.0, 120.0, 500.0, 120.0],
                    [np.inf, 90.0, np.inf, np.inf, 60.0]])
    idx, best = fastest_k(eta, 2)
    assert idx.tolist() == [[1, 2], [4, 1]]
    assert best.tolist() == [[120.0, 120.0], [60.0, 90.0]]
    idx, _ = fastest_k(eta, 4)
    assert idx.tolist() == [[1, 2, 4, 0], [4, 1, 0, 2]]
