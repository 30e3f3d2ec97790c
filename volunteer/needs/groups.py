"""Who a service is for (服务对象), as the action plan names them: the groups reports count by.

code, 简体中文, English. Codes are stored on needs; the words are made where they are shown.
"""

SERVED_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("elderly", "老年人", "Older people"),
    ("empty_nest_elderly", "空巢老人", "Empty-nest elderly"),
    ("left_behind_elderly", "留守老人", "Left-behind elderly"),
    ("left_behind_children", "留守儿童", "Left-behind children"),
    ("minors", "未成年人", "Minors"),
    ("left_behind_women", "留守妇女", "Left-behind women"),
    ("people_with_disabilities", "残疾人", "People with disabilities"),
    ("low_income_families", "低保家庭", "Low-income (dibao) families"),
    ("migrant_workers", "外来务工人员", "Migrant workers"),
    ("community_corrections", "社区矫正人员", "People serving community sentences"),
    ("released_prisoners", "刑满释放人员", "People released from prison"),
    ("mental_illness", "精神障碍患者", "People with mental illness"),
    ("drug_rehabilitation", "戒毒康复人员", "People in drug rehabilitation"),
    ("street_children", "流浪儿童", "Street children"),
)
CODES = frozenset(code for code, _, _ in SERVED_GROUPS)
