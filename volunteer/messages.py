"""Every error message, in Simplified Chinese and English, keyed by stable code."""

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (zh-CN, en)
    "bad_request": ("请求有误。", "The request is not valid."),
    "malformed_json": ("请求体不是有效的 JSON。", "The request body is not valid JSON."),
    "validation_failed": ("提交的信息有误，请检查标出的字段。", "Some fields are not valid; see fields."),
    "unauthorised": ("请先登录。", "Please sign in first."),
    "bad_credentials": ("手机号或密码不正确。", "Wrong phone number or password."),
    "forbidden": ("您没有权限进行此操作。", "You are not allowed to do this."),
    "not_found": ("找不到该内容。", "Not found."),
    "method_not_allowed": ("不支持该请求方法。", "Method not allowed."),
    "conflict": ("当前状态不允许此操作。", "The current state does not allow this."),
    "body_too_large": ("提交的内容过大。", "The request body is too large."),
    "unsupported_media_type": ("不支持的内容类型。", "Unsupported media type."),
    "too_many_requests": ("请求过于频繁，请稍后再试。", "Too many requests; try again later."),
    "internal_error": ("服务器出错，请稍后再试。", "Server error; please try again later."),
    "http_error": ("请求无法完成。", "The request could not be completed."),
    "csrf_failed": ("页面已过期，请刷新后重试。", "The page has expired; reload and try again."),
    "phone_taken": ("该手机号已注册。", "This phone number is already registered."),
    "unknown_skill": ("技能不存在：{codes}", "Unknown skill: {codes}"),
    "unknown_grid": ("网格不存在。", "No such grid."),
    "unknown_user": ("用户不存在。", "No such user."),
    "not_a_volunteer": ("该用户不是已登记的志愿者。", "This person has no volunteer profile."),
    "not_a_social_worker": ("该需求需要持证社工。", "This need requires a licensed social worker."),
    "missing_skill": ("不具备所需技能。", "The required skills are missing."),
    "missing_certification": ("缺少有效的资格证书。", "A valid certificate for this skill is missing."),
    "licence_too_low": ("社工资格等级不足。", "The social-work licence level is too low for this need."),
    "volunteer_not_verified": ("志愿者资料尚未审核或已暂停。", "The volunteer is not verified or is suspended."),
    "out_of_range": ("超出服务范围。", "Outside the service radius."),
    "not_available": ("该时段不可服务或已有其他任务。", "Not available in this time window."),
    "need_not_open": ("该需求当前不接受报名。", "This need is not open for sign-up."),
    "slot_full": ("名额已满。", "All slots are taken."),
    "already_assigned": ("已在该需求中。", "Already on this need."),
    "illegal_transition": ("不能从“{current}”变为“{target}”。", "Cannot move from {current} to {target}."),
    "too_far_to_check_in": (
        "距离服务地点 {distance} 米，超出签到范围 {limit} 米。",
        "You are {distance} m from the place; check-in is allowed within {limit} m.",
    ),
    "outside_checkin_window": ("不在签到时间内（开始前 1 小时至结束）。", "Check-in opens 1 hour before the start and closes at the end."),
    "not_your_assignment": ("这不是您的任务。", "This is not your assignment."),
    "idempotency_key_reused": ("该幂等键已用于其他操作。", "This Idempotency-Key was used for another action."),
    "request_already_handled": ("该求助已处理。", "This request has already been handled."),
    "already_rated": ("已评价过。", "Already rated."),
    "need_not_completed": ("服务尚未完成，暂不能评价。", "The service is not completed yet."),
    "not_the_resident": ("只有被服务的居民可以评价。", "Only the resident served can rate this."),
    "window_in_past": ("服务时间已过。", "The time window is in the past."),
}

# marshmallow and webargs speak English; these are the messages people meet most.
FIELD_MESSAGES_ZH = {
    "Missing data for required field.": "必填。",
    "Not a valid integer.": "应为整数。",
    "Not a valid number.": "应为数字。",
    "Not a valid string.": "应为文字。",
    "Not a valid boolean.": "应为是或否。",
    "Not a valid datetime.": "应为日期时间，如 2026-12-01T09:00:00+08:00。",
    "Not a valid list.": "应为列表。",
    "Invalid input type.": "类型不正确。",
    "Unknown field.": "未知字段。",
    "Field may not be null.": "不能为空。",
    "Invalid JSON body.": "JSON 格式错误。",
    "Must be one of: wgs84, gcj02, bd09.": "坐标系应为 wgs84、gcj02 或 bd09。",
    "Latitude must be between -90 and 90.": "纬度应在 -90 到 90 之间。",
    "Longitude must be between -180 and 180.": "经度应在 -180 到 180 之间。",
    "The window must end after it starts.": "结束时间必须晚于开始时间。",
    "The certificate must expire after it is issued.": "证书到期日必须晚于发证日。",
    "Not a valid date.": "应为日期，如 2026-12-01。",
    "Enter a mainland mobile number of 11 digits.": "请输入 11 位手机号。",
    "Password needs at least 8 characters.": "密码至少 8 位。",
    "Enter a real name of 2 to 30 characters.": "请输入 2 到 30 个字的真实姓名。",
    "Not a valid datetime with a time zone.": "日期时间需带时区，如 2026-12-01T09:00:00+08:00。",
}


def message(code: str, lang: str, **params) -> str:
    zh, en = MESSAGES.get(code, MESSAGES["http_error"])
    text = en if lang == "en" else zh
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text


def field_message(text: str, lang: str) -> str:
    if lang == "en":
        return text
    if text in FIELD_MESSAGES_ZH:
        return FIELD_MESSAGES_ZH[text]
    # marshmallow's range and length messages carry numbers: keep them, mark them.
    if text.startswith("Must be greater than or equal to"):
        return "超出允许范围（" + text + "）"
    if text.startswith("Must be one of"):
        return "取值不在允许范围内（" + text[len("Must be one of: "):].rstrip(".") + "）"
    if text.startswith("Length must be") or text.startswith("Shorter than") or text.startswith("Longer than"):
        return "长度不符合要求（" + text + "）"
    return text
