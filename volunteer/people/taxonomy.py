"""The skills taxonomy: the kinds of service the Henan plan names (see DOMAIN.md).

(code, 中文, English, category, needs a social worker)
"""

SKILLS: list[tuple[str, str, str, str, bool]] = [
    # Urban community services
    ("community_care", "社区照顾", "Community care", "urban", False),
    ("community_integration", "社区融入", "Community integration", "urban", False),
    ("community_corrections", "社区矫正", "Community corrections", "urban", True),
    ("community_rehabilitation", "社区康复", "Community rehabilitation", "urban", False),
    ("employment_guidance", "就业辅导", "Employment guidance", "urban", False),
    ("psychological_counselling", "精神减压与心理疏导", "Stress relief and psychological counselling", "urban", True),
    # Left-behind children
    ("child_daily_life", "儿童生活照顾", "Children's daily life", "children", False),
    ("child_study", "学业辅导", "Study support", "children", False),
    ("child_psychological", "儿童心理支持", "Children's psychological support", "children", True),
    ("child_safety", "儿童安全教育", "Children's safety", "children", False),
    # Left-behind elderly
    ("elder_daily_care", "生活照料", "Daily-life care", "elderly", False),
    ("intergenerational_contact", "代际沟通", "Intergenerational contact", "elderly", False),
    ("emotional_comfort", "精神慰藉", "Emotional comfort", "elderly", False),
    ("culture_recreation", "文化娱乐", "Culture and recreation", "elderly", False),
    # Left-behind women
    ("women_safety", "妇女安全教育", "Safety education for women", "women", False),
    ("skills_training", "技能培训", "Skills training", "women", False),
    ("capacity_building", "能力建设", "Capacity building", "women", False),
    ("relationship_counselling", "婚恋家庭辅导", "Relationship counselling", "women", True),
    # Disputes and crises
    ("mediation", "人民调解", "Mediation", "disputes", True),
    ("legal_education", "法治宣传", "Legal education", "disputes", False),
    ("crisis_intervention", "危机干预", "Crisis intervention", "disputes", True),
    # Everyday help that community care is made of
    ("home_repair", "家电维修", "Home repairs", "practical", False),
    ("medical_escort", "就医陪护", "Escort to the doctor", "practical", False),
    ("shopping_errands", "代购代办", "Shopping and errands", "practical", False),
    ("health_checks", "健康监测", "Basic health checks", "practical", False),
    ("digital_help", "智能手机帮教", "Smartphone help", "practical", False),
    ("cleaning", "清洁家务", "Household cleaning", "practical", False),
    ("meal_delivery", "送餐助餐", "Meal delivery", "practical", False),
]

# Skills served only with a valid certificate (a health or rehabilitation qualification).
NEEDS_CERTIFICATION: frozenset[str] = frozenset({"health_checks", "community_rehabilitation"})
