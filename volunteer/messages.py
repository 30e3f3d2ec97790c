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
    "too_many_attempts": ("尝试次数过多，已暂时锁定，请 {minutes} 分钟后（{until}）再试。",
                          "Too many attempts; locked for now. Try again in {minutes} min (at {until})."),
    "too_many_requests": ("请求过于频繁，请稍后再试。", "Too many requests; try again later."),
    "internal_error": ("服务器出错，请稍后再试。", "Server error; please try again later."),
    "public_base_url_unset": ("系统尚未设置对外网址（PUBLIC_BASE_URL），暂时无法打印证明，请联系管理员。",
                              "The service's public address (PUBLIC_BASE_URL) is not set yet, so nothing can be printed; tell the administrator."),
    "http_error": ("请求无法完成。", "The request could not be completed."),
    "invalid_input": ("请检查填写的内容。", "Please check what was entered."),
    "csrf_failed": ("页面已过期，请刷新后重试。", "The page has expired; reload and try again."),
    "unknown_skill": ("技能不存在：{codes}", "Unknown skill: {codes}"),
    "unknown_grid": ("网格不存在。", "No such grid."),
    "unknown_user": ("用户不存在。", "No such user."),
    "far_from_grid": ("服务地点离所属网格太远，请选择地点所在的网格。", "The place is too far from the grid; choose the grid it is in."),
    "home_grid_needed": ("请先选择您所在的网格，求助会送到该网格。", "Choose the grid you live in first; requests go to its staff."),
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
    "request_being_served": ("服务已经开始，无法撤回；请联系社工。", "The service has begun and cannot be taken back; please call the social worker."),
    "export_too_large": ("超过 {max} 条记录，请缩短时间段分批导出。", "More than {max} records: export a shorter period at a time."),
    "password_change_required": ("请先设置新密码。", "Choose a new password first."),
    "temporary_password_expired": ("临时密码已过期，请联系网格工作人员重新设置。", "The temporary password has expired; ask your grid's staff for a new one."),
    "not_for_staff_accounts": ("工作人员账号请由管理员处理。", "Staff accounts are reset by their admins."),
    "application_not_pending": ("该申请已处理，不在待审核状态。", "This application is no longer waiting for review."),
    "consent_needed": ("请先同意服务记录规则。", "Please agree to the service-record rules first."),
    "need_has_room": ("该需求还有名额，请直接报名。", "This need still has room: sign up instead."),
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
    "points_already_spent": (
        "该志愿者已使用了需扣回的积分，请先与其沟通后再更正。",
        "The points this correction takes back were already spent; settle that first.",
    ),
    "points_insufficient": ("积分不足。", "Not enough points."),
    "out_of_stock": ("库存不足。", "Out of stock."),
    "reward_withdrawn": ("该奖励已下架。", "This reward has been withdrawn."),
    "stock_would_go_negative": ("库存不能小于零。", "Stock cannot go below zero."),
    "account_has_active_tasks": ("您还有未完成的任务，请先完成或请社工取消后再注销。",
                                 "You still hold tasks; finish them, or ask the social worker to release you, before deleting."),
    "account_has_pending_records": ("您有服务记录还在等待确认，确认后才能注销。",
                                    "A service record of yours still waits for confirmation; it must be settled first."),
    "account_has_open_needs": ("您的求助还在进行中，请联系社区工作人员结束后再注销。",
                               "A request of yours is still being served; ask community staff to close it first."),
    "stock_beyond_maximum": ("库存不能超过 {max}。", "Stock cannot go above {max}."),
    "unknown_recipient": ("该手机号未注册。", "No one is registered with this phone number."),
    "gift_to_self": ("不能转赠给自己。", "You cannot give points to yourself."),
    "no_confirmed_hours": ("该期间没有已确认的服务时长。", "No confirmed hours in this period."),
    "certificate_not_found": ("查无此证书编号。", "No certificate has this number."),
    "offer_expired": ("该邀请已过期。", "This offer has expired."),
    "offer_answered": ("该邀请已回复（{current}）。", "This offer was already answered ({current})."),
    "push_endpoint_taken": ("该推送地址属于另一台设备上的账号。", "This push address belongs to another device's account."),
    "push_endpoint_not_allowed": ("不支持该推送服务地址。", "This push service is not allowed."),
    # Service records, check-in codes, stars, no-shows, training
    "cannot_confirm_own_record": ("不能确认自己的服务记录。", "You cannot confirm your own service record."),
    "cannot_confirm_own_correction": ("不能确认自己更正的记录，请由另一位确认人确认。",
                                      "You cannot confirm a correction you made; another confirmer must."),
    "cannot_correct_own_record": ("不能更正自己的服务记录。", "You cannot correct your own service record."),
    "record_already_corrected": ("该记录已被更正。", "This record has already been corrected."),
    "hours_exceed_span": ("时长超过了起止时间之间的 {span} 小时。",
                          "The hours exceed the {span} h between start and end."),
    "wrong_checkin_code": ("签到码不正确或已过期。", "The check-in code is wrong or has expired."),
    "too_many_code_attempts": ("签到码错误次数过多，请使用定位签到或联系社工。",
                               "Too many wrong codes; check in by position or ask the social worker."),
    "star_already_held": ("已是 {level} 星。", "Already at {level} stars."),
    "star_level_skipped": ("星级须逐级认定，下一级为 {next} 星。", "Stars are approved one level at a time; next is {next}."),
    "not_eligible_for_star": ("服务时长 {hours} 小时，未达到 {level} 星所需的 {needed} 小时。",
                              "{hours} h of service do not reach the {needed} h that {level} stars need."),
    "star_above_your_reach": ("您只能认定 {limit} 星及以下。", "You may approve up to {limit} stars."),
    "cannot_approve_own_star": ("不能认定自己的星级。", "You cannot approve your own star."),
    "no_show_too_early": ("服务尚未开始，不能标记缺席。", "The service has not started; no no-show yet."),
    "already_marked_no_show": ("已标记为缺席。", "Already marked as a no-show."),
    "training_not_started": ("培训尚未开始。", "The training has not started."),
    "training_full": ("培训名额已满。", "The training is full."),
    "already_attended": ("已登记过该培训的出勤。", "Attendance is already marked for this training."),
    # Anomaly report reasons (not errors: the text staff read beside a flagged record)
    "anomaly_overlap": ("与记录 #{other} 时间重叠。", "Overlaps record #{other}."),
    "anomaly_long_day": ("{day} 当天共服务 {hours} 小时，超过 {limit} 小时。",
                         "{hours} h of service on {day}, more than {limit} h."),
    "anomaly_too_fast": ("签到与签退位置相距 {distance} 米，仅隔 {minutes} 分钟，超出可能的行进速度。",
                         "Check-in and check-out are {distance} m apart only {minutes} min apart: faster than anyone travels."),
    "anomaly_too_fast_between": ("距上一条记录 #{other} 的签退位置 {distance} 米，仅隔 {minutes} 分钟，超出可能的行进速度。",
                                 "{distance} m from the check-out of record #{other} only {minutes} min earlier: faster than anyone travels."),
    "anomaly_shared_device": ("同一设备为 {count} 名志愿者签到。", "One device checked in {count} volunteers."),
    "anomaly_far_checkout": ("签退位置距服务地点 {distance} 米，超出签到范围（{limit} 米）。",
                             "Checked out {distance} m from the place, beyond its {limit} m check-in radius."),
    "organisation_already_verified": ("该组织已通过核验。", "This organisation is already verified."),
    "organisation_suspended": ("该组织已被暂停。", "This organisation is suspended."),
    "organisation_not_verified": ("该组织尚未通过社区核验，暂不接受申请。", "This organisation is not verified yet, so it takes no applications."),
    "already_member": ("已是该组织成员，或已有待处理的邀请或申请。", "Already a member, or an invitation or application is waiting."),
    "membership_not_pending": ("该成员状态不允许此操作。", "This membership cannot change that way now."),
    "membership_not_active": ("只有在队的成员才能这样做。", "Only an active member can be given that."),
    "already_leader": ("该成员已是负责人。", "This member already leads it."),
    "last_leader": ("这是唯一的负责人，请先指定另一位负责人。", "This is the only leader; name another leader first."),
}

# Field problems by code: (zh-CN, en). Parameters come as {name}; see field_message.
FIELD_MESSAGES: dict[str, tuple[str, str]] = {
    # Odd input: periods, ids and bodies
    "period_reversed": ("开始时间不能晚于结束时间。", "The period must not end before it starts."),
    "id_out_of_range": ("编号应为 1 到 {max} 之间的整数。", "An id is a whole number from 1 to {max}."),
    "page_out_of_range": ("页码应为 1 到 {max} 之间。", "The page must be from 1 to {max}."),
    "idempotency_key_reused": ("该幂等键已用于另一请求，请换一个新的。",
                               "This key was sent with another request; use a new one."),
    "idempotency_key_format": ("幂等键应为 1 到 100 个可见的 ASCII 字符。", "1 to 100 visible ASCII characters."),
    "device_id_format": ("设备编号应为最多 100 个可见的 ASCII 字符。", "At most 100 visible ASCII characters."),
    "at_most_items": ("最多 {max} 项。", "At most {max}."),
    "no_such_need": ("需求 {id} 不存在。", "No such need: {id}."),
    "need_not_open": ("需求 {id} 当前不接受报名。", "Need {id} is not open."),
    "needs_not_in_batch": ("这些需求不在本批中：{ids}。", "Needs not in need_ids: {ids}."),
    "unknown_codes": ("不存在：{codes}", "Unknown: {codes}"),
    "day_out_of_range": ("日期应在 {first} 到 {last} 之间。", "The date must be from {first} to {last}."),
    # field problems services find
    "no_confirmed_hours": ("该期间没有已确认的服务时长。", "No confirmed hours in this period."),
    "no_such_community": ("社区不存在。", "No such community."),
    "already_used": ("已被使用。", "Already used."),
    "no_such_user": ("用户不存在。", "No such user."),
    "ends_before_start": ("结束时间必须晚于开始时间。", "The window must end after it starts."),
    "choose_at_least_one": ("请至少选择一项。", "Choose at least one."),
    "export_too_large": ("超过 {max} 条，请缩短时间段。", "More than {max} rows: choose a shorter period."),
    "must_consent": ("申请成为志愿者须同意服务记录规则。", "Agree to the service-record rules to apply."),
    "below_taken": ("已有 {taken} 人报名，名额不能少于此数。", "{taken} places are taken: no fewer slots than that."),
    "more_than_span": ("超过了起止时间之间的时长。", "More than the time between start and end."),
    "unknown_push_service": ("不支持该推送服务地址。", "Not a known push service."),
    "no_volunteer_profile": ("该用户不是已登记的志愿者。", "No volunteer profile."),
    "more_than_training": ("超过了培训时长。", "More than the training lasted."),
    "phone_not_registered": ("该手机号未注册。", "No one is registered with this number."),
    "own_phone": ("这是您自己的手机号。", "This is your own number."),
    "no_such_place": ("该地点不存在。", "No such place."),
    "no_such_grid": ("网格不存在。", "No such grid."),
    "no_such_request": ("求助不存在。", "No such request."),
    "required": ("必填。", "Missing data for required field."),
    "window_in_past": ("服务时间已过。", "The window is in the past."),
    "wrong_code": ("签到码不正确或已过期。", "Wrong or expired code."),
    "metres_away": ("距离服务地点 {distance} 米，须在 {limit} 米内。", "{distance} m from the place; within {limit} m is needed."),
    "far_from_grid": ("距离“{grid}”中心 {distance} 公里，超过 {limit} 公里。", "{distance} km from the centre of {grid}, beyond {limit} km."),
    "no_such_social_worker": ("该社区没有这位持证社工。", "No licensed social worker of this community has this id."),
    "outside_need_window": ("应在需求时段前后 {slack} 小时内。", "Must lie within {slack} h of the need's window."),
    "more_than_record_allows": ("一条记录最多 {max} 小时。", "A record holds at most {max} h."),
    "choose_grid": ("请先选择您所在的网格。", "Choose the grid you live in first."),
    # marshmallow's own problems (volunteer/field_codes.py)
    "not_null": ("不能为空。", "Field may not be null."),
    "invalid_value": ("取值无效。", "Invalid value."),
    "not_a_string": ("应为文字。", "Not a valid string."),
    "not_a_number": ("应为数字。", "Not a valid number."),
    "number_too_large": ("数字过大。", "Number too large."),
    "not_an_integer": ("应为整数。", "Not a valid integer."),
    "not_a_finite_number": ("应为有限的数字。", "Not a finite number."),
    "not_a_boolean": ("应为是或否。", "Not a valid boolean."),
    "not_a_list": ("应为列表。", "Not a valid list."),
    "not_an_object": ("类型不正确。", "Invalid input type."),
    "not_an_email": ("应为有效的电子邮箱。", "Not a valid email address."),
    "not_a_url": ("应为有效网址。", "Not a valid URL."),
    "not_a_uuid": ("应为有效的 UUID。", "Not a valid UUID."),
    "not_a_datetime": ("应为日期时间，如 2026-12-01T09:00:00+08:00。", "Not a valid datetime, e.g. 2026-12-01T09:00:00+08:00."),
    "needs_aware_datetime": ("日期时间需带时区，如 2026-12-01T09:00:00+08:00。",
                             "Not a valid datetime with a time zone, e.g. 2026-12-01T09:00:00+08:00."),
    "needs_naive_datetime": ("日期时间不应带时区。", "Not a valid datetime without a time zone."),
    "not_a_date": ("应为日期，如 2026-12-01。", "Not a valid date, e.g. 2026-12-01."),
    "not_a_time": ("应为时间，如 09:00。", "Not a valid time, e.g. 09:00."),
    "one_of": ("应为以下之一：{choices}。", "Must be one of: {choices}."),
    "pattern": ("格式不正确。", "Not in the expected format."),
    "unknown_field": ("未知字段。", "Unknown field."),
    "no_control_characters": ("含有不可见的控制字符。", "Contains an invisible control character."),
    "invalid_json": ("JSON 格式错误。", "Invalid JSON body."),
    "length_min": ("至少 {min} 个字符。", "At least {min} characters."),
    "length_max": ("最多 {max} 个字符。", "At most {max} characters."),
    "length_between": ("长度应为 {min} 到 {max} 个字符。", "Between {min} and {max} characters."),
    "length_equal": ("长度应为 {equal}。", "Length must be {equal}."),
    "range_gte": ("不能小于 {min}。", "Must be at least {min}."),
    "range_gt": ("须大于 {min}。", "Must be greater than {min}."),
    "range_lte": ("不能大于 {max}。", "Must be at most {max}."),
    "range_lt": ("须小于 {max}。", "Must be less than {max}."),
    "range_gte_lte": ("应在 {min} 到 {max} 之间。", "Must be from {min} to {max}."),
    "range_gte_lt": ("应不小于 {min} 且小于 {max}。", "Must be at least {min} and less than {max}."),
    "range_gt_lte": ("应大于 {min} 且不大于 {max}。", "Must be greater than {min} and at most {max}."),
    "range_gt_lt": ("应大于 {min} 且小于 {max}。", "Must be greater than {min} and less than {max}."),
    # the project's own formats
    "latitude_range": ("纬度应在 -90 到 90 之间。", "Latitude must be between -90 and 90."),
    "longitude_range": ("经度应在 -180 到 180 之间。", "Longitude must be between -180 and 180."),
    "mobile_number": ("请输入 11 位手机号。", "Enter a mainland mobile number of 11 digits."),
    "password_too_common": ("这个密码太常见，很容易被猜到，请换一个。", "This password is too common to be safe; choose another."),
    "accept_privacy": ("请阅读并同意《个人信息保护说明》。", "Read and accept the personal information notice."),
    "password_length": ("密码至少 8 位。", "Password needs at least 8 characters."),
    "wrong_password": ("当前密码不正确。", "The current password is not right."),
    "real_name": ("请输入 2 到 30 个字的真实姓名。", "Enter a real name of 2 to 30 characters."),
    "rule_ends_before_start": ("结束日期不能早于开始日期。", "The rule must end after it starts."),
    "expires_before_issued": ("证书到期日必须晚于发证日。", "The certificate must expire after it is issued."),
    "period_ends_before_start": ("结束日期不能早于开始日期。", "The period must end on or after its start."),
    "give_reason": ("请填写原因。", "Give a reason."),
    "position_or_code": ("请提供定位或签到码。", "Give a position or a check-in code."),
    "six_digits": ("应为 6 位数字。", "Six digits."),
    "credit_code_format": ("统一社会信用代码应为 18 位，且校验位正确。", "A unified social credit code has 18 characters and a valid check character."),
    "credit_code_taken": ("该统一社会信用代码已登记。", "An organisation with this code is already registered."),
    "no_account_with_phone": ("该手机号尚未注册，请对方先注册。", "No account has this number; ask them to sign up first."),
}


def message(code: str, lang: str, **params) -> str:
    zh, en = MESSAGES.get(code, MESSAGES["http_error"])
    text = en if lang == "en" else zh
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text


def field_message(text: str, lang: str) -> str:
    """The sentence for one field problem.

    A field problem is a code of FIELD_MESSAGES, with parameters after bars:
    "length_between|min=1|max=200". marshmallow formats its validators' `error=`
    strings, so "length_between|min={min}|max={max}" arrives filled in.
    """
    code, _, rest = text.partition("|")
    if code in FIELD_MESSAGES:
        params = dict(pair.partition("=")[::2] for pair in rest.split("|") if pair)
        zh, en = FIELD_MESSAGES[code]
        template = en if lang == "en" else zh
        try:
            return template.format(**params)
        except (KeyError, IndexError):
            return template
    return text  # not a code: a test holds every field problem the schemas raise to be one


def field_code(code: str, **params) -> str:
    """A field problem as services raise it: fields={"hours": field_code(code, span=3)}."""
    if code not in FIELD_MESSAGES:
        raise KeyError(f"unknown field message code {code!r}")
    return "|".join([code, *(f"{k}={v}" for k, v in params.items())])
