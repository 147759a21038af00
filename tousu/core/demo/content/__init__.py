"""What the demo complaints say: one module of templates per policy, filled with slots
(units, estates, products, companies) drawn from the case's random generator."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Template:
    """One kind of complaint and how the organisation handles it.

    Text fields are `str.format` templates over the slots of `slots()`. A template with
    `set_aside`, `invalid`, `referral` or `malicious` is the one used when the story
    ends that way.
    """

    category: str
    content: str
    request: str = ""
    resolution: str = "已按要求处理完毕。"  # the resolve summary
    reply: str = ""  # the result told to the complainant; default: the resolution
    outcome: str = "repair"
    responsibility: str = "own_fault"
    norm: str = ""  # the service norm broken, for own_fault (P1.4)
    plan: str = ""  # the handling plan (P1.2 方案回复, P2.9)
    kind: str | None = None
    channels: tuple[str, ...] = ()  # likely channels; default: the policy's usual ones
    severity: str | None = None
    urgent: bool | None = None
    equipment: tuple[str, str] | None = None  # (equipment_type, stage), P2.3
    quality: str | None = None  # P3.b-c
    findings: str = ""  # on site (P3.g); the inspection institute's finding (P2.4)
    work_done: str = ""  # P3.h
    transfer: str | None = None  # "inspection" or "enforcement", P2.4
    set_aside: tuple[str, str] | None = None  # (reason, improvement plan), P4.4.3.2
    invalid: str = ""  # the explanation when verification finds it invalid, P5.2
    referral: tuple[str, str] | None = None  # (where to go, explanation), P2.8
    malicious: tuple[str, str] | None = None  # (record, passed to), P2.8
    subject: str = ""  # the party complained about
    subject_person: str = ""  # the person reported, as the reporter names them (P2.11)
    again: str = "回访时客户表示问题没有彻底解决，要求重新处理。"  # the unsatisfied callback

    @property
    def special(self) -> bool:
        return bool(self.invalid or self.referral or self.malicious)


# P5's company manages one estate: its butlers' areas are the estate's buildings (P5.2).
ESTATES_WG = ("御景湾",)
APARTMENTS = ("栖居公寓·科技园店", "栖居公寓·西丽店", "栖居公寓·车公庙店", "栖居公寓·宝安中心店", "栖居公寓·龙华店")
DISTRICTS = ("龙湖区", "金平区", "濠江区", "潮阳区", "潮南区", "澄海区")
ROADS = ("长平路", "金砂路", "中山路", "黄山路", "泰山路", "华山路", "大学路", "汕樟路", "龙湖南路")
PLACES = ("万象城购物中心", "苏宁广场", "星湖城商场", "利安广场", "市第一人民医院门诊楼", "汕头站候车厅")
PARKS = ("礐石风景区游乐场", "海滨长廊游乐园", "中山公园儿童乐园", "方特欢乐世界")
SCENIC = ("礐石风景区", "南澳岛黄花山", "莲花峰风景区")
COMPANIES_TS = (
    "汕头市宏达纺织印染厂",
    "汕头市南海酒店",
    "潮阳区永盛塑胶制品厂",
    "澄海区明辉玩具有限公司",
    "汕头市粤东燃气有限公司",
    "金平区华侨新村物业管理处",
    "龙湖区安顺液化气充装站",
    "濠江区港湾船舶修造厂",
)
CITIES = {
    "same_province": ("杭州", "宁波", "绍兴", "台州", "嘉兴", "湖州", "金华"),
    "other_province": ("苏州", "合肥", "济南", "佛山", "南昌", "武汉"),
    "remote": ("库尔勒", "拉萨", "格尔木", "鄂尔多斯", "喀什"),
}
PROVINCE = {
    "杭州": "浙江",
    "宁波": "浙江",
    "绍兴": "浙江",
    "台州": "浙江",
    "嘉兴": "浙江",
    "湖州": "浙江",
    "金华": "浙江",
    "苏州": "江苏",
    "合肥": "安徽",
    "济南": "山东",
    "佛山": "广东",
    "南昌": "江西",
    "武汉": "湖北",
    "库尔勒": "新疆",
    "拉萨": "西藏",
    "格尔木": "青海",
    "鄂尔多斯": "内蒙古",
    "喀什": "新疆",
}
CORPS = ("水务", "化工", "热电", "制药", "造纸", "食品", "钢铁", "环保科技", "建设工程", "石化")
PUMPS = (
    "IS80-65-160单级离心泵",
    "ISG100-125管道泵",
    "ZW80-40-16自吸排污泵",
    "DL50-12×5多级泵",
    "IH65-50-160化工泵",
    "XBD8/30消防泵",
    "QW100-80-15潜水排污泵",
    "J41H-16C截止阀",
    "Z41H-25闸阀",
    "D71X-16蝶阀",
)


def slots(rng: random.Random, received_at: dt.datetime) -> dict[str, Any]:
    """Every slot a template may use; each case gets its own draw."""
    building = rng.randint(1, 18)
    unit_no = rng.randint(1, 4)
    floor = rng.randint(2, 32)
    room = rng.randint(1, 4)
    region = rng.choice(("same_province", "same_province", "same_province", "other_province", "remote"))
    city = rng.choice(CITIES[region])
    pump = rng.choice(PUMPS)
    some_days_ago = received_at - dt.timedelta(days=rng.randint(10, 60))
    return {
        "building": f"{building}栋",
        "unit_no": unit_no,
        "floor": floor,
        "unit": f"{building}栋{unit_no}单元{floor}{room:02d}",
        "upper_unit": f"{building}栋{unit_no}单元{floor + 1}{room:02d}",
        "estate": rng.choice(ESTATES_WG),
        "apartment": rng.choice(APARTMENTS),
        "room": f"{rng.choice('ABC')}座{floor}{room:02d}室",
        "days": rng.randint(12, 45),
        "hours": rng.randint(2, 6),
        "amount": rng.choice((300, 500, 800, 1200, 1500, 2600, 3200, 4500)),
        "date": f"{some_days_ago.month}月{some_days_ago.day}日",
        "month": some_days_ago.month,
        "model": pump,
        "model2": rng.choice([p for p in PUMPS if p != pump]),
        "qty": rng.randint(2, 12),
        "region": region,
        "city": city,
        "province": PROVINCE[city],
        "company": f"{city}{rng.choice(('恒通', '金鑫', '瑞丰', '华源', '宏远', '鑫达', '永泰'))}"
        f"{rng.choice(CORPS)}有限公司",
        "ts_company": rng.choice(COMPANIES_TS),
        "district": rng.choice(DISTRICTS),
        "road": rng.choice(ROADS),
        "number": rng.randint(3, 288),
        "place": rng.choice(PLACES),
        "park": rng.choice(PARKS),
        "scenic": rng.choice(SCENIC),
        "staff": rng.choice("王李张刘陈杨黄赵吴周") + rng.choice(("经理", "管家", "师傅", "主管")),
        "plate": f"粤{rng.choice('ABDEFGHJKL')}{rng.randint(10000, 99999)}",
        "penalty": rng.choice((20000, 30000, 50000, 80000, 100000)),
    }
