"""A small frame loop, profiled to make samples/profiles/frame_loop.pstats.

Each frame updates entities, resolves collisions, lays out a UI tree recursively and
renders: the shape of a game or GUI main loop, with one deliberately slow path
(a quadratic collision check) for the profile to find.

With --deeper-layout the UI tree is one level deeper: the "after" of a change that made
layout slower, for comparing two profiles (frame_loop_after.pstats).
"""
import math
import sys

LAYOUT_DEPTH = 5 if "--deeper-layout" in sys.argv else 4


class Entity:
    def __init__(self, index):
        self.x = math.cos(index) * 100
        self.y = math.sin(index) * 100
        self.vx = math.sin(index * 0.7)
        self.vy = math.cos(index * 0.3)

    def update(self, dt):
        self.x += self.vx * dt
        self.y += self.vy * dt


def collide(entities):
    hits = 0
    for i, a in enumerate(entities):
        for b in entities[i + 1:]:
            if abs(a.x - b.x) < 1.0 and abs(a.y - b.y) < 1.0:
                hits += 1
    return hits


def layout(depth, width):
    if depth == 0:
        return width
    return sum(layout(depth - 1, width / 3) for _ in range(3))


def render(entities):
    return [f"{e.x:.1f},{e.y:.1f}" for e in entities]


def frame(entities, dt):
    for e in entities:
        e.update(dt)
    collide(entities)
    layout(LAYOUT_DEPTH, 1000.0)
    render(entities)


def main():
    entities = [Entity(i) for i in range(150)]
    for _ in range(60):
        frame(entities, 1 / 30)


if __name__ == "__main__":
    main()
