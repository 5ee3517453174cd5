"""The day editor's layout, pure (no database, no request): sessions placed in room columns, in minutes from
the meeting day's midnight, side by side in lanes where they overlap in one room. The page's JS turns the
minutes into grid rows of SLOT_MINUTES (no inline styles under the CSP)."""

import math
from datetime import date, datetime, time, tzinfo

SLOT_MINUTES = 5
MAX_LANES = 4  # more overlapping blocks than this share the last lane


def timeline(day: date, tz: tzinfo, sessions, rooms, warned: dict[int, list[str]], *, no_room: str) -> dict:
    """Columns (one per room, plus `no_room` for sessions without one) and blocks positioned in minutes
    from midnight; `sessions` have id, starts_at, ends_at, room_id; `rooms` have id and name."""
    columns = [{"index": i, "room_id": r.id, "name": r.name} for i, r in enumerate(rooms)]
    columns.append({"index": len(rooms), "room_id": None, "name": no_room})
    column_of = {r.id: i for i, r in enumerate(rooms)}
    midnight = datetime.combine(day, time(0), tzinfo=tz)
    blocks = []
    for item in sessions:
        start = max(0, int((item.starts_at - midnight).total_seconds() // 60))
        end = min(24 * 60, math.ceil((item.ends_at - midnight).total_seconds() / 60))
        start, end = start - start % SLOT_MINUTES, max(end + (-end % SLOT_MINUTES), start + SLOT_MINUTES)
        blocks.append(
            {
                "session": item,
                "start": start,
                "end": end,
                "column": column_of.get(item.room_id, len(rooms)),
                "warnings": warned.get(item.id, []),
                "lane": 0,
                "lanes": 1,
            }
        )
    # side by side when blocks overlap in one column (a conflict, or a deliberate parallel track)
    for column in columns:
        own = sorted((b for b in blocks if b["column"] == column["index"]), key=lambda b: (b["start"], b["end"]))
        cluster: list[dict] = []
        lane_ends: list[int] = []
        cluster_end = -1
        for block in own + [None]:
            if block is None or block["start"] >= cluster_end:
                for member in cluster:
                    member["lanes"] = min(len(lane_ends), MAX_LANES)
                if block is None:
                    break
                cluster, lane_ends = [], []
            lane = next((i for i, lane_end in enumerate(lane_ends) if lane_end <= block["start"]), len(lane_ends))
            if lane == len(lane_ends):
                lane_ends.append(block["end"])
            else:
                lane_ends[lane] = block["end"]
            block["lane"] = min(lane, MAX_LANES - 1)
            cluster.append(block)
            cluster_end = max(cluster_end, block["end"])
    first_hour = min([7] + [b["start"] // 60 for b in blocks])
    last_hour = max([18] + [math.ceil(b["end"] / 60) for b in blocks])
    return {
        "columns": columns,
        "blocks": blocks,
        "first": first_hour * 60,
        "last": min(last_hour, 24) * 60,
        "hours": list(range(first_hour, min(last_hour, 24))),
    }
