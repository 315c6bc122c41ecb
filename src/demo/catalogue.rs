//! The fixed tables the generator draws from: machine models, part types, suppliers, industries,
//! brand words, places, names, titles and note texts.

use super::*;

// Catalogues

pub(super) struct MachineModel {
    pub(super) code: &'static str,
    pub(super) brand: &'static str,
    /// Prefix of the brand's part numbers.
    pub(super) part_prefix: &'static str,
    pub(super) kind: &'static str,
    /// List price in 万元 (10,000 yuan).
    pub(super) list_wan: u32,
    /// How well it suits each application, in `Application::ALL` order: general construction,
    /// heavy construction, excavation, mining.
    pub(super) by_application: [u32; 4],
}

pub(super) const fn model(
    code: &'static str,
    brand: &'static str,
    part_prefix: &'static str,
    kind: &'static str,
    list_wan: u32,
    by_application: [u32; 4],
) -> MachineModel {
    MachineModel { code, brand, part_prefix, kind, list_wan, by_application }
}

/// The dealer's line: excavators, loaders, rollers, dozers, cranes and graders from four makers,
/// priced ¥34万–¥285万 list.
pub(super) const MODELS: &[MachineModel] = &[
    model("XE60DA", "徐工", "XG", "挖掘机", 34, [30, 2, 18, 0]),
    model("SY75C", "三一", "SY", "挖掘机", 36, [35, 4, 20, 0]),
    model("SY135C", "三一", "SY", "挖掘机", 48, [25, 10, 22, 3]),
    model("SY215C", "三一", "SY", "挖掘机", 86, [14, 20, 30, 12]),
    model("XE215DA", "徐工", "XG", "挖掘机", 82, [10, 15, 25, 8]),
    model("SY245H", "三一", "SY", "挖掘机", 108, [4, 14, 18, 14]),
    model("SY365H", "三一", "SY", "挖掘机", 165, [0, 8, 12, 22]),
    model("XE370CA", "徐工", "XG", "挖掘机", 158, [0, 8, 10, 18]),
    model("SY550H", "三一", "SY", "挖掘机", 285, [0, 2, 4, 16]),
    model("ZL50GN", "徐工", "XG", "装载机", 36, [22, 12, 10, 16]),
    model("LW600KN", "徐工", "XG", "装载机", 48, [4, 8, 4, 14]),
    model("CLG856H", "柳工", "LG", "装载机", 42, [14, 12, 8, 12]),
    model("XS263J", "徐工", "XG", "压路机", 52, [12, 22, 0, 0]),
    model("SSR220C", "三一", "SY", "压路机", 58, [8, 18, 0, 0]),
    model("SD22", "山推", "ST", "推土机", 112, [0, 8, 14, 12]),
    model("SD32", "山推", "ST", "推土机", 175, [0, 4, 4, 12]),
    model("STC250", "三一", "SY", "起重机", 168, [8, 16, 0, 2]),
    model("QY25K5", "徐工", "XG", "起重机", 172, [8, 16, 0, 2]),
    model("SMG200C", "三一", "SY", "平地机", 78, [4, 12, 0, 3]),
];

pub(super) struct PartType {
    pub(super) zh: &'static str,
    pub(super) en: &'static str,
    pub(super) category: &'static str,
    /// Cost range in yuan for a mid-size machine.
    pub(super) cost: (u32, u32),
    pub(super) wear: Wear,
    pub(super) criticality: Criticality,
    pub(super) packs: &'static [u32],
    /// Supplier lead time range in days: imported components take longest.
    pub(super) lead: (u16, u16),
}

pub(super) const fn part(
    (zh, en): (&'static str, &'static str),
    category: &'static str,
    cost: (u32, u32),
    wear: Wear,
    criticality: Criticality,
    packs: &'static [u32],
    lead: (u16, u16),
) -> PartType {
    PartType { zh, en, category, cost, wear, criticality, packs, lead }
}

use Criticality::{High, Low, Medium};
use Wear::{Fast, Slow, Steady};

pub(super) const PART_TYPES: &[PartType] = &[
    part(("液压泵", "Hydraulic pump"), "液压件", (18_000, 65_000), Slow, High, &[1], (20, 60)),
    part(("主控阀", "Main control valve"), "液压件", (15_000, 45_000), Slow, High, &[1], (20, 60)),
    part(("回转马达", "Swing motor"), "液压件", (12_000, 30_000), Slow, High, &[1], (15, 45)),
    part(("行走马达", "Travel motor"), "液压件", (15_000, 38_000), Slow, High, &[1], (15, 45)),
    part(("液压油缸", "Hydraulic cylinder"), "液压件", (6_000, 20_000), Slow, High, &[1], (10, 30)),
    part(("高压油管", "High-pressure hose"), "液压件", (180, 900), Steady, Medium, &[1, 2], (3, 10)),
    part(("油缸密封件包", "Cylinder seal kit"), "密封件", (150, 600), Steady, Medium, &[1, 2], (5, 15)),
    part(("O型圈", "O-ring"), "密封件", (2, 15), Fast, Low, &[10, 20, 50], (3, 10)),
    part(("斗齿", "Bucket tooth"), "工作装置", (80, 260), Fast, Medium, &[5, 10], (3, 10)),
    part(("齿座", "Tooth adapter"), "工作装置", (200, 600), Steady, Medium, &[1, 5], (5, 15)),
    part(("侧刃", "Side cutter"), "工作装置", (300, 900), Steady, Low, &[2], (5, 15)),
    part(("铲斗", "Bucket"), "工作装置", (8_000, 25_000), Slow, Medium, &[1], (15, 40)),
    part(("销轴", "Pin"), "工作装置", (120, 800), Steady, Medium, &[1, 2], (5, 20)),
    part(("衬套", "Bushing"), "工作装置", (60, 300), Steady, Medium, &[2, 5], (5, 20)),
    part(("履带板", "Track shoe"), "底盘件", (250, 700), Steady, Medium, &[5, 10], (7, 25)),
    part(("支重轮", "Track roller"), "底盘件", (900, 2_500), Steady, Medium, &[1, 2], (7, 25)),
    part(("托链轮", "Carrier roller"), "底盘件", (600, 1_500), Steady, Low, &[1, 2], (7, 25)),
    part(("引导轮", "Idler"), "底盘件", (2_500, 6_000), Slow, Medium, &[1], (10, 30)),
    part(("驱动轮", "Sprocket"), "底盘件", (2_000, 5_500), Slow, Medium, &[1], (10, 30)),
    part(("履带链节总成", "Track link assembly"), "底盘件", (12_000, 30_000), Slow, Medium, &[1], (15, 40)),
    part(("机油滤芯", "Engine oil filter"), "滤清器", (45, 160), Fast, Medium, &[1, 5, 10], (3, 7)),
    part(("柴油滤芯", "Fuel filter"), "滤清器", (60, 200), Fast, Medium, &[1, 5, 10], (3, 7)),
    part(("空气滤芯", "Air filter"), "滤清器", (180, 600), Fast, Medium, &[1, 2], (3, 7)),
    part(("液压回油滤芯", "Hydraulic return filter"), "滤清器", (200, 600), Fast, Medium, &[1, 2], (3, 10)),
    part(("先导滤芯", "Pilot filter"), "滤清器", (80, 240), Fast, Low, &[1, 5], (3, 10)),
    part(("油水分离器", "Fuel water separator"), "滤清器", (150, 450), Steady, Medium, &[1], (3, 10)),
    part(("发动机总成", "Engine assembly"), "发动机件", (90_000, 220_000), Slow, High, &[1], (30, 60)),
    part(("涡轮增压器", "Turbocharger"), "发动机件", (6_000, 18_000), Slow, High, &[1], (15, 45)),
    part(("喷油器", "Fuel injector"), "发动机件", (1_500, 4_500), Steady, High, &[1, 6], (10, 30)),
    part(("水泵", "Water pump"), "发动机件", (1_200, 3_500), Slow, Medium, &[1], (7, 20)),
    part(("风扇皮带", "Fan belt"), "发动机件", (80, 300), Steady, Medium, &[1, 2], (3, 10)),
    part(("散热器", "Radiator"), "发动机件", (4_000, 12_000), Slow, Medium, &[1], (10, 30)),
    part(("起动马达", "Starter motor"), "电气件", (2_000, 5_500), Slow, High, &[1], (7, 20)),
    part(("发电机", "Alternator"), "电气件", (1_500, 4_000), Slow, Medium, &[1], (7, 20)),
    part(("蓄电池", "Battery"), "电气件", (600, 1_500), Steady, Medium, &[1, 2], (3, 7)),
    part(("控制器", "Controller"), "电气件", (8_000, 25_000), Slow, High, &[1], (20, 60)),
    part(("显示屏", "Monitor"), "电气件", (3_000, 9_000), Slow, Low, &[1], (15, 45)),
    part(("传感器", "Sensor"), "电气件", (300, 1_500), Steady, Medium, &[1], (7, 30)),
    part(("回转支承", "Slewing bearing"), "传动件", (25_000, 60_000), Slow, High, &[1], (30, 60)),
    part(("终传动减速机", "Final drive"), "传动件", (18_000, 45_000), Slow, High, &[1], (20, 60)),
    part(("液压油（18L）", "Hydraulic oil (18 L)"), "油品", (450, 800), Fast, Low, &[1, 4], (3, 7)),
    part(("发动机机油（18L）", "Engine oil (18 L)"), "油品", (350, 700), Fast, Low, &[1, 4], (3, 7)),
    part(("润滑脂", "Grease"), "油品", (120, 300), Fast, Low, &[10], (3, 7)),
    part(("雨刮器", "Wiper"), "驾驶室", (40, 120), Steady, Low, &[1, 5], (3, 15)),
    part(("司机座椅", "Operator seat"), "驾驶室", (1_500, 4_000), Slow, Low, &[1], (10, 30)),
];

pub(super) fn suppliers(category: &str) -> &'static [&'static str] {
    match category {
        "液压件" | "密封件" => &[
            "江苏恒立液压股份有限公司",
            "川崎精密机械（苏州）有限公司",
            "博世力士乐（常州）有限公司",
            "烟台艾迪精密机械股份有限公司",
        ],
        "发动机件" => {
            &["潍柴动力股份有限公司", "东风康明斯发动机有限公司", "广西玉柴机器股份有限公司", "上海日野发动机有限公司"]
        }
        "滤清器" | "油品" => &[
            "弗列加过滤系统（上海）有限公司",
            "唐纳森（无锡）过滤器有限公司",
            "中国石化长城润滑油",
            "壳牌（中国）有限公司",
        ],
        "电气件" => &["博世汽车部件（长沙）有限公司", "湖南三一智能控制设备有限公司", "徐州徐工汽车电器有限公司"],
        _ => &[
            "三一重机配件中心",
            "徐工集团备件公司",
            "山推股份配件分公司",
            "宁波伏龙同步带有限公司",
            "泉州恒鑫底盘件有限公司",
        ],
    }
}

/// Share of a month's chance of demand, January to December.
pub(super) const SEASON: [f64; 12] = [0.7, 0.45, 1.1, 1.15, 1.15, 1.1, 1.0, 1.0, 1.1, 1.1, 0.95, 0.8];

pub(super) const BRANCH_STORES: &[&str] = &["乌鲁木齐库", "库尔勒库", "哈密库", "包头库", "鄂尔多斯库"];

pub(super) const SERVICES: &[(&str, u32, u32)] = &[
    ("250小时首保", 800, 1_500),
    ("500小时定期保养", 1_200, 2_800),
    ("1000小时保养", 2_000, 4_500),
    ("维修工时", 1_500, 8_000),
    ("上门服务费", 500, 1_500),
];

pub(super) const COMPETITORS: &[&str] =
    &["三一", "徐工", "卡特彼勒", "柳工", "临工", "小松", "中联重科", "山推", "日立建机", "沃尔沃"];

pub(super) const OPPORTUNITY_LOST_REASONS: &[&str] = &[
    "价格高于{competitor}约8%",
    "{competitor}交货期更短",
    "{competitor}提供更长账期",
    "客户资金未到位，改租{competitor}设备",
    "老板与{competitor}代理商关系更近",
    "对我方售后响应不满意，选择{competitor}",
];

pub(super) const CLAIM_REASONS: &[&str] =
    &["到货配件型号不符", "液压油管渗漏", "交货延误影响开工", "发动机故障停机", "随车资料缺失", "运输途中磕碰掉漆"];

pub(super) struct Industry {
    pub(super) zh: &'static str,
    pub(super) ascii: &'static str,
    pub(super) application: Application,
}

pub(super) const fn industry(zh: &'static str, ascii: &'static str, application: Application) -> Industry {
    Industry { zh, ascii, application }
}

pub(super) const INDUSTRIES: &[Industry] = &[
    industry("矿业", "mining", Application::Mining),
    industry("煤业", "coal", Application::Mining),
    industry("矿山工程", "mine", Application::Mining),
    industry("砂石", "sand", Application::Mining),
    industry("能源", "energy", Application::Mining),
    industry("土石方工程", "earthwork", Application::Excavation),
    industry("基础工程", "foundation", Application::Excavation),
    industry("爆破工程", "blasting", Application::Excavation),
    industry("机械施工", "works", Application::Excavation),
    industry("路桥工程", "bridge", Application::HeavyConstruction),
    industry("水利水电工程", "hydro", Application::HeavyConstruction),
    industry("交通建设", "transport", Application::HeavyConstruction),
    industry("公路工程", "highway", Application::HeavyConstruction),
    industry("隧道工程", "tunnel", Application::HeavyConstruction),
    industry("建设集团", "group", Application::HeavyConstruction),
    industry("建筑工程", "build", Application::GeneralConstruction),
    industry("市政工程", "municipal", Application::GeneralConstruction),
    industry("机械租赁", "rental", Application::GeneralConstruction),
    industry("建设工程", "construct", Application::GeneralConstruction),
    industry("园林绿化工程", "garden", Application::GeneralConstruction),
];

/// Trade-name words with the ASCII used in the company's e-mail domain.
pub(super) const BRANDS: &[(&str, &str)] = &[
    ("天山", "tianshan"),
    ("宏达", "hongda"),
    ("恒昌", "hengchang"),
    ("鑫源", "xinyuan"),
    ("华建", "huajian"),
    ("中盛", "zhongsheng"),
    ("金泰", "jintai"),
    ("永盛", "yongsheng"),
    ("瑞丰", "ruifeng"),
    ("鼎盛", "dingsheng"),
    ("宏远", "hongyuan"),
    ("广汇", "guanghui"),
    ("建邦", "jianbang"),
    ("联创", "lianchuang"),
    ("泰和", "taihe"),
    ("正元", "zhengyuan"),
    ("昌盛", "changsheng"),
    ("顺通", "shuntong"),
    ("安泰", "antai"),
    ("华通", "huatong"),
    ("新宇", "xinyu"),
    ("大成", "dacheng"),
    ("众鑫", "zhongxin"),
    ("博远", "boyuan"),
    ("荣达", "rongda"),
    ("兴业", "xingye"),
    ("诚信", "chengxin"),
    ("德润", "derun"),
    ("锦程", "jincheng"),
    ("伟业", "weiye"),
    ("恒通", "hengtong"),
    ("祥瑞", "xiangrui"),
    ("天成", "tiancheng"),
    ("华盛", "huasheng"),
    ("宏基", "hongji"),
    ("远大", "yuanda"),
    ("振华", "zhenhua"),
    ("同力", "tongli"),
    ("金鹏", "jinpeng"),
    ("天宇", "tianyu"),
    ("晟达", "shengda"),
    ("凯旋", "kaixuan"),
    ("盛世", "shengshi"),
    ("富源", "fuyuan"),
    ("长城", "changcheng"),
    ("海川", "haichuan"),
    ("万通", "wantong"),
    ("宝丰", "baofeng"),
    ("嘉禾", "jiahe"),
    ("亿达", "yida"),
    ("腾飞", "tengfei"),
    ("铭泰", "mingtai"),
    ("恒信", "hengxin"),
    ("中鼎", "zhongding"),
    ("永固", "yonggu"),
    ("巨力", "juli"),
    ("金石", "jinshi"),
    ("昆仑", "kunlun"),
    ("北方", "beifang"),
    ("西部", "xibu"),
    ("东升", "dongsheng"),
    ("隆盛", "longsheng"),
];

pub(super) const GOVERNMENT_OFFICES: &[(&str, &str)] = &[
    ("市政工程管理处", "szgc"),
    ("公路管理局", "glj"),
    ("水利局", "slj"),
    ("交通运输局", "jtj"),
    ("城市管理局", "cgj"),
    ("住房和城乡建设局", "zjj"),
    ("公路养护中心", "glyh"),
    ("园林绿化局", "ylj"),
    ("水务局", "swj"),
    ("应急管理局", "yjj"),
];

pub(super) const DISTRICTS: &[&str] =
    &["高新区", "经开区", "新区", "城关区", "工业园区", "开发区", "城南区", "城北区", "东城区", "西城区"];

pub(super) const ROADS: &[&str] = &[
    "建设", "人民", "解放", "长江", "黄河", "迎宾", "工业", "创业", "友谊", "胜利", "和平", "团结", "新华", "中山",
    "朝阳", "环城", "昆仑", "天山", "振兴", "发展",
];

pub(super) const SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("赵", "zhao"),
    ("黄", "huang"),
    ("周", "zhou"),
    ("吴", "wu"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("胡", "hu"),
    ("朱", "zhu"),
    ("高", "gao"),
    ("林", "lin"),
    ("何", "he"),
    ("郭", "guo"),
    ("马", "ma"),
    ("罗", "luo"),
    ("梁", "liang"),
    ("宋", "song"),
    ("郑", "zheng"),
    ("谢", "xie"),
    ("韩", "han"),
    ("唐", "tang"),
    ("冯", "feng"),
    ("于", "yu"),
    ("董", "dong"),
    ("程", "cheng"),
    ("曹", "cao"),
    ("袁", "yuan"),
    ("邓", "deng"),
    ("许", "xu"),
    ("沈", "shen"),
    ("曾", "zeng"),
    ("彭", "peng"),
    ("吕", "lv"),
    ("苏", "su"),
    ("蒋", "jiang"),
    ("蔡", "cai"),
    ("贾", "jia"),
    ("丁", "ding"),
    ("魏", "wei"),
    ("薛", "xue"),
    ("叶", "ye"),
    ("任", "ren"),
    ("姚", "yao"),
];

pub(super) const GIVEN_NAMES: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀", "xiu"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("辉", "hui"),
    ("建", "jian"),
    ("国", "guo"),
    ("华", "hua"),
    ("志", "zhi"),
    ("鹏", "peng"),
    ("斌", "bin"),
    ("海", "hai"),
    ("波", "bo"),
    ("峰", "feng"),
    ("宇", "yu"),
    ("浩", "hao"),
    ("凯", "kai"),
    ("晨", "chen"),
    ("俊", "jun"),
    ("文", "wen"),
    ("亮", "liang"),
    ("红", "hong"),
    ("新", "xin"),
    ("东", "dong"),
    ("春", "chun"),
    ("玉", "yu"),
    ("德", "de"),
    ("成", "cheng"),
];

pub(super) const COMPANY_TITLES: &[(&str, ContactRole)] = &[
    ("总经理", ContactRole::DecisionMaker),
    ("副总经理", ContactRole::DecisionMaker),
    ("采购经理", ContactRole::Purchaser),
    ("采购员", ContactRole::Purchaser),
    ("设备部长", ContactRole::Influencer),
    ("设备主管", ContactRole::Influencer),
    ("财务经理", ContactRole::Influencer),
    ("项目经理", ContactRole::User),
    ("机务队长", ContactRole::User),
    ("机手", ContactRole::Operator),
    ("机手", ContactRole::Operator),
];

pub(super) const GOVERNMENT_TITLES: &[(&str, ContactRole)] = &[
    ("副处长", ContactRole::DecisionMaker),
    ("设备科长", ContactRole::Influencer),
    ("采购专员", ContactRole::Purchaser),
    ("养护队长", ContactRole::User),
    ("机手", ContactRole::Operator),
];

pub(super) const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157",
    "158", "159", "166", "173", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198",
    "199",
];

pub(super) fn projects(application: Application) -> &'static [&'static str] {
    match application {
        Application::Mining => &["露天矿扩产", "煤矿剥离", "砂石骨料线", "矿区道路"],
        Application::Excavation => &["土方开挖", "基坑开挖", "管网沟槽", "场地平整"],
        Application::HeavyConstruction => &["高速公路标段", "水库枢纽", "铁路路基", "机场跑道"],
        Application::GeneralConstruction => &["市政道路", "厂房基础", "老旧设备更新", "园区建设"],
    }
}

pub(super) fn interaction_notes(kind: InteractionKind) -> &'static [&'static str] {
    match kind {
        InteractionKind::Visit => &[
            "上门拜访，了解{model}使用情况，客户反馈油耗偏高",
            "走访工地，客户新接项目，预计需要增加设备",
            "陪同服务工程师回访，客户对保养服务满意",
            "拜访老板，沟通年度采购计划",
            "到矿区查看设备工况，建议更换斗齿",
        ],
        InteractionKind::Call => &[
            "电话跟进报价，客户在比较{competitor}的价格",
            "电话回访维修情况，设备已恢复正常",
            "催收{model}尾款，客户承诺月底付款",
            "电话确认配件到货时间",
        ],
        InteractionKind::Email => {
            &["邮件发送正式报价单和合同草稿", "发送对账单，请财务核对", "发送{model}技术参数和配置清单"]
        }
        InteractionKind::WeChat => &[
            "微信发送{model}配置单和报价",
            "客户微信询问配件价格",
            "微信发送保养提醒",
            "客户发来设备故障视频，已转服务部",
        ],
        InteractionKind::TradeShow => &["上海宝马展现场交流，留下名片", "长沙国际工程机械展参观{model}样机"],
        InteractionKind::Meeting => {
            &["在公司会议室洽谈融资租赁方案", "组织技术交流会，介绍{model}新机型", "与客户设备部开年度服务协议会议"]
        }
    }
}

pub(super) fn ticket_summaries(kind: TicketKind) -> &'static [&'static str] {
    match kind {
        TicketKind::Repair => &[
            "{model} 液压泵异响，动臂提升无力",
            "{model} 发动机水温过高报警",
            "{model} 回转马达漏油",
            "{model} 行走跑偏",
            "{model} 油缸内泄，铲斗自动下沉",
            "{model} 空调不制冷",
        ],
        TicketKind::Maintenance => &[
            "{model} 首次250小时保养",
            "{model} 500小时定期保养",
            "{model} 1000小时保养，更换液压油滤芯",
            "{model} 2000小时大保养",
        ],
        TicketKind::Inspection => &["{model} 年度安全检查", "{model} 开工前巡检", "{model} 冬季防冻检查"],
        TicketKind::Complaint => {
            &["配件到货延误，影响工地施工", "维修后同一故障再次出现", "服务工程师到场不及时", "随车资料和发票寄送延误"]
        }
        TicketKind::Warranty => {
            &["{model} 保修期内液压管爆裂", "{model} 保修期内显示屏黑屏", "{model} 保修期内柴油泵故障"]
        }
        TicketKind::Inquiry => &["{model} 保养周期咨询", "{model} 操作培训预约", "{model} 配件价格咨询"],
    }
}

/// What a customer says when called back after the job.
pub(super) const CALLBACK_SAYINGS: [&str; 5] =
    ["设备运转正常，很满意", "已经正常施工了", "还有轻微异响，先观察几天", "工程师很专业", "修好了，就是等配件等得久"];

/// Why a closed job was not called back.
pub(super) const NOT_CALLED_REASONS: [&str; 3] = ["客户电话多次未接通", "客户要求不要回访", "机主已转让设备"];

/// A rating's comment, when the customer left one.
pub(super) const RATING_COMMENTS: [&str; 5] =
    ["响应很快", "配件等了一周", "师傅态度好", "跑了好几趟才修好", "服务站太远"];

/// Telephone area codes of the cities in `PROVINCES`.
pub(super) fn area_code(city: &str) -> Option<&'static str> {
    Some(match city {
        "北京" => "010",
        "天津" => "022",
        "石家庄" => "0311",
        "唐山" => "0315",
        "邯郸" => "0310",
        "保定" => "0312",
        "太原" => "0351",
        "大同" => "0352",
        "长治" => "0355",
        "朔州" => "0349",
        "呼和浩特" => "0471",
        "包头" => "0472",
        "鄂尔多斯" => "0477",
        "赤峰" => "0476",
        "沈阳" | "抚顺" => "024",
        "大连" => "0411",
        "鞍山" => "0412",
        "长春" => "0431",
        "吉林" => "0432",
        "延吉" => "0433",
        "哈尔滨" => "0451",
        "大庆" => "0459",
        "鸡西" => "0467",
        "齐齐哈尔" => "0452",
        "上海" => "021",
        "南京" => "025",
        "苏州" => "0512",
        "无锡" => "0510",
        "徐州" => "0516",
        "南通" => "0513",
        "杭州" => "0571",
        "宁波" => "0574",
        "温州" => "0577",
        "绍兴" => "0575",
        "台州" => "0576",
        "合肥" => "0551",
        "芜湖" => "0553",
        "淮南" => "0554",
        "马鞍山" => "0555",
        "福州" => "0591",
        "厦门" => "0592",
        "泉州" => "0595",
        "龙岩" => "0597",
        "南昌" => "0791",
        "赣州" => "0797",
        "九江" => "0792",
        "萍乡" => "0799",
        "济南" => "0531",
        "青岛" => "0532",
        "临沂" => "0539",
        "济宁" => "0537",
        "潍坊" => "0536",
        "郑州" => "0371",
        "洛阳" => "0379",
        "平顶山" => "0375",
        "南阳" => "0377",
        "武汉" => "027",
        "宜昌" => "0717",
        "襄阳" => "0710",
        "十堰" => "0719",
        "长沙" | "株洲" => "0731",
        "衡阳" => "0734",
        "岳阳" => "0730",
        "广州" => "020",
        "深圳" => "0755",
        "佛山" => "0757",
        "东莞" => "0769",
        "惠州" => "0752",
        "南宁" => "0771",
        "柳州" => "0772",
        "桂林" => "0773",
        "玉林" => "0775",
        "海口" | "三亚" => "0898",
        "重庆" => "023",
        "成都" => "028",
        "攀枝花" => "0812",
        "绵阳" => "0816",
        "宜宾" => "0831",
        "达州" => "0818",
        "贵阳" | "遵义" => "0851",
        "六盘水" => "0858",
        "毕节" => "0857",
        "昆明" => "0871",
        "曲靖" => "0874",
        "玉溪" => "0877",
        "蒙自" => "0873",
        "拉萨" => "0891",
        "日喀则" => "0892",
        "西安" => "029",
        "榆林" => "0912",
        "延安" => "0911",
        "宝鸡" => "0917",
        "兰州" => "0931",
        "金昌" => "0935",
        "白银" => "0943",
        "酒泉" => "0937",
        "西宁" => "0971",
        "格尔木" => "0979",
        "银川" => "0951",
        "石嘴山" => "0952",
        "乌鲁木齐" => "0991",
        "克拉玛依" => "0990",
        "哈密" => "0902",
        "库尔勒" => "0996",
        "伊宁" => "0999",
        _ => return None,
    })
}
