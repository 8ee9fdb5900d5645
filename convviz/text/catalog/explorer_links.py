"""Notices of the explorer's link validator for transposed and causal layers (``transposed``, ``output_padding``,
``causal``): what a link asked for that PyTorch refuses, and what is shown instead.

Raw link values appear only inside inline code (`{value}`), where Markdown is not interpreted.
"""

EN: dict[str, str] = {
    "url.notice.causal_dims": "The link asks for a causal layer in {dims}-D; this app's causal option is for 1-D "
                              "layers, so the layer is not causal.",
    "url.notice.causal_transposed": "The link asks for a layer both causal and transposed; causal convolution is "
                                    "a forward convolution, so the transposed layer is shown, not causal.",
    "url.notice.transposed_padding_mode": "The link asks for padding_mode `{mode}` with a transposed layer, "
                                          "which PyTorch supports only with 'zeros'; 'zeros' is used.",
    "url.notice.causal_padding_mode": "The link asks for padding_mode `{mode}` with a causal layer, which pads "
                                      "with zeros; 'zeros' is used.",
    "url.notice.transposed_padding": "The link asks for padding='{padding}' with a transposed layer, which "
                                     "takes only numbers; padding 0 is used.",
    "url.notice.output_padding_forward": "The link's `output_padding={value}` exists only for transposed "
                                         "layers (add transposed=true); it is ignored.",
    "url.notice.output_padding": "The link's `output_padding={value}` must be smaller than the larger of the "
                                 "stride ({stride}) and the dilation ({dilation}) in each dimension; `{used}` is "
                                 "used.",
}

ZH: dict[str, str] = {
    "url.notice.causal_dims": "链接要求在 {dims} 维中使用因果卷积；本应用的因果选项只用于一维层，"
                              "因此这一层不设为因果卷积。",
    "url.notice.causal_transposed": "链接要求一层同时是因果卷积和转置卷积；因果卷积是正向卷积，因此显示转置卷积，"
                                    "不设为因果。",
    "url.notice.transposed_padding_mode": "链接要求转置卷积使用 padding_mode `{mode}`，PyTorch 的转置卷积只支持 "
                                          "'zeros'，已改用 'zeros'。",
    "url.notice.causal_padding_mode": "链接要求因果卷积使用 padding_mode `{mode}`，因果卷积用零填充，已改用 "
                                      "'zeros'。",
    "url.notice.transposed_padding": "链接要求转置卷积使用 padding='{padding}'，转置卷积只接受数字，已改用填充 0。",
    "url.notice.output_padding_forward": "链接中的 `output_padding={value}` 只用于转置卷积（请加上 "
                                         "transposed=true），已忽略。",
    "url.notice.output_padding": "链接中的 `output_padding={value}` 在每个维度上都必须小于步幅（{stride}）与"
                                 "膨胀率（{dilation}）中较大的那个，已改用 `{used}`。",
}
