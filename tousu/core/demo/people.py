"""Who works in the demo organisations, and who complains to them.

The staff roster is fixed (the same logins on every machine, whatever the seed);
complainants are drawn from the case's own random generator, so a seed gives the
same people every time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tousu.cases.vocab import Role, UnitKind

DEMO_PASSWORD = "tousu-demo"  # noqa: S105 - printed for everyone: demo data only
ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class Member:
    username: str
    name: str
    role: Role
    department: str | None
    title: str  # the job as the organisation calls it, shown in the logins table


@dataclass(frozen=True)
class ExtraDepartment:
    """A management department the presets do not declare, for the executives."""

    code: str
    name: str
    kind: UnitKind
    policy: str


R = Role
EXTRA_DEPARTMENTS = [
    ExtraDepartment("zl_management", "总经理办公室", UnitKind.MANAGEMENT, "rental-complaints"),
    ExtraDepartment("ts_bureau", "市质量技术监督局局领导", UnitKind.MANAGEMENT, "special-equipment"),
    ExtraDepartment("sh_management", "总经理室", UnitKind.MANAGEMENT, "after-sales"),
]

# Per policy, in the order the logins table prints them. A department missing from the
# installed presets is skipped; a preset department missing here gets a generic head.
ROSTER: dict[str, list[Member]] = {
    "property-office": [
        Member("chenxiaoyan", "陈晓燕", R.RECEPTIONIST, "wy_customer_service", "客服前台"),
        Member("linjiayi", "林佳怡", R.RECEPTIONIST, "wy_customer_service", "客服前台"),
        Member("zhoumin", "周敏", R.DEPARTMENT_HEAD, "wy_customer_service", "客服主管"),
        Member("huangliping", "黄丽萍", R.COMPLAINT_MANAGER, "wy_customer_service", "客服经理"),
        Member("zhaoguoqiang", "赵国强", R.DEPARTMENT_HEAD, "wy_engineering", "工程部主管"),
        Member("sunjianhua", "孙建华", R.HANDLER, "wy_engineering", "维修工"),
        Member("wuhaitao", "吴海涛", R.HANDLER, "wy_engineering", "电梯管理员"),
        Member("zhengxiulan", "郑秀兰", R.DEPARTMENT_HEAD, "wy_cleaning", "环境部主管"),
        Member("heguifang", "何桂芳", R.HANDLER, "wy_cleaning", "保洁领班"),
        Member("mazhendong", "马振东", R.DEPARTMENT_HEAD, "wy_security", "秩序维护部主管"),
        Member("liuzhiyong", "刘志勇", R.HANDLER, "wy_security", "保安班长"),
        Member("wangjianjun", "王建军", R.EXECUTIVE, "wy_office", "管理处主任"),
    ],
    "special-equipment": [
        Member("xuting", "许婷", R.RECEPTIONIST, "ts_12365", "12365话务员"),
        Member("yangfan", "杨帆", R.RECEPTIONIST, "ts_supervision", "受理登记员"),
        Member("guowenjing", "郭文静", R.COMPLAINT_MANAGER, "ts_supervision", "举报投诉受理负责人"),
        Member("linzhiming", "林志明", R.DEPARTMENT_HEAD, "ts_supervision", "安全监察机构负责人"),
        Member("caizhenhua", "蔡振华", R.DEPARTMENT_HEAD, "ts_boiler", "锅监科科长"),
        Member("penglixin", "彭立新", R.HANDLER, "ts_boiler", "安全监察员"),
        Member("xieweidong", "谢卫东", R.DEPARTMENT_HEAD, "ts_special", "特监科科长"),
        Member("denghaibo", "邓海波", R.HANDLER, "ts_special", "安全监察员"),
        Member("suxiaoming", "苏晓明", R.HANDLER, "ts_special", "安全监察员"),
        Member("luoyongqiang", "罗永强", R.DEPARTMENT_HEAD, "ts_inspection", "特设所所长"),
        Member("hanlei", "韩磊", R.HANDLER, "ts_inspection", "检验师"),
        Member("tangjianping", "唐建平", R.DEPARTMENT_HEAD, "ts_enforcement", "稽查大队队长"),
        Member("fengjun", "冯军", R.HANDLER, "ts_enforcement", "稽查员"),
        Member("liangzhijian", "梁志坚", R.EXECUTIVE, "ts_bureau", "分管副局长"),
    ],
    "after-sales": [
        Member("qianxiaohong", "钱晓红", R.RECEPTIONIST, "sh_customer_service", "顾客服务专员"),
        Member("shenjia", "沈佳", R.HANDLER, "sh_customer_service", "售后协调员"),
        Member("caoxuemei", "曹雪梅", R.DEPARTMENT_HEAD, "sh_customer_service", "顾客服务组组长"),
        Member("gumin", "顾敏", R.COMPLAINT_MANAGER, "sh_customer_service", "投诉管理员"),
        Member("yaojianguo", "姚建国", R.DEPARTMENT_HEAD, "sh_sales", "销售部经理"),
        Member("wangtao", "汪涛", R.HANDLER, "sh_sales", "销售工程师"),
        Member("luyonggang", "陆永刚", R.DEPARTMENT_HEAD, "sh_quality", "质检部部长"),
        Member("yuanzhihua", "袁志华", R.HANDLER, "sh_quality", "质量工程师"),
        Member("weidongsheng", "魏东升", R.DEPARTMENT_HEAD, "sh_technical", "技术服务部经理"),
        Member("jianghaijun", "蒋海军", R.HANDLER, "sh_technical", "服务技术员"),
        Member("tianxiaolong", "田小龙", R.HANDLER, "sh_technical", "服务技术员"),
        Member("jinzhiyuan", "金志远", R.EXECUTIVE, "sh_management", "总经理"),
    ],
    "rental-complaints": [
        Member("lina", "李娜", R.RECEPTIONIST, "zl_complaints", "投诉专员"),
        Member("wangqian", "王倩", R.RECEPTIONIST, "zl_complaints", "投诉专员"),
        Member("xuhao", "徐浩", R.HANDLER, "zl_complaints", "纠纷谈判专员"),
        Member("gaoxiang", "高翔", R.DEPARTMENT_HEAD, "zl_complaints", "投诉管理部经理"),
        Member("songyuqing", "宋雨晴", R.COMPLAINT_MANAGER, "zl_complaints", "投诉管理部主管"),
        Member("weili", "韦丽", R.DEPARTMENT_HEAD, "zl_cleaning", "保洁服务部主管"),
        Member("mengchunhua", "蒙春花", R.HANDLER, "zl_cleaning", "保洁督导"),
        Member("qinjian", "覃建", R.DEPARTMENT_HEAD, "zl_repairs", "维修服务部主管"),
        Member("huangzhigang", "黄志刚", R.HANDLER, "zl_repairs", "维修师傅"),
        Member("zoujing", "邹静", R.DEPARTMENT_HEAD, "zl_finance", "财务结算部主管"),
        Member("humeng", "胡梦", R.HANDLER, "zl_finance", "结算专员"),
        Member("hepeng", "贺鹏", R.DEPARTMENT_HEAD, "zl_leasing", "租务管理部主管"),
        Member("fansisi", "范思思", R.HANDLER, "zl_leasing", "租务专员"),
        Member("konglinghui", "孔令辉", R.DEPARTMENT_HEAD, "zl_housekeepers", "管家服务部主管"),
        Member("shilei", "石磊", R.HANDLER, "zl_housekeepers", "管家"),
        Member("duxiaowen", "杜晓雯", R.HANDLER, "zl_housekeepers", "管家"),
        Member("wanjun", "万俊", R.DEPARTMENT_HEAD, "zl_assets", "资产品质部主管"),
        Member("panyue", "潘越", R.HANDLER, "zl_assets", "品质专员"),
        Member("gongxue", "龚雪", R.DEPARTMENT_HEAD, "zl_pr", "公共关系部经理"),
        Member("chengyuanhang", "程远航", R.EXECUTIVE, "zl_management", "总经理"),
    ],
    "property-rules": [
        Member("liuting", "刘婷", R.RECEPTIONIST, "wg_customer_service", "客服接待员"),
        Member("yuxiaoli", "余晓丽", R.HANDLER, "wg_customer_service", "物业管家"),
        Member("qiuming", "邱明", R.HANDLER, "wg_customer_service", "物业管家"),
        Member("daihong", "戴红", R.DEPARTMENT_HEAD, "wg_customer_service", "客服部经理"),
        Member("qinyulan", "秦玉兰", R.COMPLAINT_MANAGER, "wg_customer_service", "品质主管"),
        Member("renweiguo", "任卫国", R.DEPARTMENT_HEAD, "wg_engineering", "工程维修部经理"),
        Member("jiangtao", "姜涛", R.HANDLER, "wg_engineering", "维修技工"),
        Member("xiongguiying", "熊桂英", R.DEPARTMENT_HEAD, "wg_environment", "环境绿化部经理"),
        Member("yanchunsheng", "严春生", R.HANDLER, "wg_environment", "绿化保洁领班"),
        Member("baiyongli", "白永利", R.DEPARTMENT_HEAD, "wg_security", "安全管理部经理"),
        Member("fanglei", "方磊", R.HANDLER, "wg_security", "安全主管"),
        Member("yefang", "叶芳", R.DEPARTMENT_HEAD, "wg_finance", "财务部经理"),
        Member("jialin", "贾琳", R.HANDLER, "wg_finance", "收费员"),
        Member("mengqinghua", "孟庆华", R.EXECUTIVE, "wg_manager", "物业公司经理"),
    ],
}
ADMIN = Member(ADMIN_USERNAME, "系统管理员", R.ADMINISTRATOR, None, "系统管理员")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔"
)
GIVEN = (
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 建华 文 华 红 玉兰 志强 海燕 晓东 "
    "建国 春梅 丹 萍 鹏 辉 宇 浩 婷 雪 琳 晨 欣怡 子涵 思远 佳琪 俊杰 雨萱 梓轩 淑珍 国庆 永红 卫东 立新 "
    "慧敏 晓燕 德明 玉梅 振华 文静 小龙 美玲 少华 金凤 家豪 诗琪 一鸣 梦瑶"
).split()
PHONE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "158",
    "159",
    "166",
    "177",
    "180",
    "181",
    "183",
    "186",
    "187",
    "188",
    "189",
    "199",
)


@dataclass(frozen=True)
class Person:
    name: str
    phone: str


def person(rng: random.Random) -> Person:
    surname = rng.choice(SURNAMES)
    name = surname + rng.choice(GIVEN)
    phone = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"
    return Person(name, phone)
