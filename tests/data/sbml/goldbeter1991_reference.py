#!/usr/bin/env python3
"""Reference trajectory of the Goldbeter (1991) mitotic oscillator (BioModels BIOMD0000000003),
computed independently of celltwin and of the SBML file: the three ODEs as printed in the paper
(PNAS 88:9107, eqs. 1-3, with V1 = VM1 C/(Kc + C), V3 = VM3 M), classical RK4 in pure Python with
h = 1e-4 min. The step was checked by halving it: h = 2e-4 and h = 1e-4 agree to below 1e-12 on
every value written, so the file's values are exact to well below the test's tolerance (1e-7).

    python3 tests/data/sbml/goldbeter1991_reference.py > tests/data/sbml/goldbeter1991_reference.csv
"""
import sys

P = dict(vi=0.025, kd=0.01, vd=0.25, Kd=0.02, VM1=3.0, Kc=0.5, K1=0.005, V2=1.5, K2=0.005,
         VM3=1.0, K3=0.005, V4=0.5, K4=0.005)


def rhs(y):
    c, m, x = y
    v1 = P["VM1"] * c / (P["Kc"] + c)
    v3 = P["VM3"] * m
    return (P["vi"] - P["vd"] * x * c / (P["Kd"] + c) - P["kd"] * c,
            v1 * (1 - m) / (P["K1"] + 1 - m) - P["V2"] * m / (P["K2"] + m),
            v3 * (1 - x) / (P["K3"] + 1 - x) - P["V4"] * x / (P["K4"] + x))


def rk4(y, h, n):
    for _ in range(n):
        k1 = rhs(y)
        k2 = rhs([a + 0.5 * h * b for a, b in zip(y, k1)])
        k3 = rhs([a + 0.5 * h * b for a, b in zip(y, k2)])
        k4 = rhs([a + h * b for a, b in zip(y, k3)])
        y = [a + h / 6 * (b + 2 * c + 2 * d + e) for a, b, c, d, e in zip(y, k1, k2, k3, k4)]
    return y


def main():
    h = float(sys.argv[1]) if len(sys.argv) > 1 else 1e-4
    per_minute = round(1 / h)
    y = [0.01, 0.01, 0.01]
    print("t,C,M,X")
    for t in range(0, 101):
        print(f"{t},{y[0]:.15g},{y[1]:.15g},{y[2]:.15g}")
        y = rk4(y, h, per_minute)


if __name__ == "__main__":
    main()
